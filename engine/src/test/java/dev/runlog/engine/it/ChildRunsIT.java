package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import dev.runlog.sdk.ChildRunFailedException;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.TaskFailedException;
import dev.runlog.sdk.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Child runs on a real broker: invokeAndWait, a worker crash while the child runs, bad invokes. */
class ChildRunsIT extends OnRealBroker {

  record Thumb(String name) {}

  @Test
  void aParentGetsItsChildsOutputAndBothLinkToEachOther() {
    Job<Order> child = resize(() -> "ok");
    try (RunlogEngine engine = cluster.engine("kids");
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "kids", Map.of());
        Worker worker = Worker.start(cluster.worker("kids", "w"), List.of(gallery(), child))) {
      Api api = new Api(engine.url());
      api.awaitJob("gallery");
      api.awaitJob("resize");
      String eventId = client.send("gallery.new", new Order("cat"));
      JsonNode parent = api.awaitRunOfEvent(eventId, "SUCCESS");
      assertEquals("cat-64", parent.path("output").path("name").asText());

      JsonNode full = api.get("/api/runs/" + parent.path("id").asText()).body();
      JsonNode children = full.path("children");
      assertEquals(1, children.size(), full.toString());
      assertEquals("thumb", children.get(0).path("key").asText());
      JsonNode childRun = api.get("/api/runs/" + children.get(0).path("runId").asText()).body();
      assertEquals("SUCCESS", childRun.path("status").asText());
      assertEquals(parent.path("id").asText(), childRun.path("parentRunId").asText());
      assertEquals("thumb", childRun.path("parentKey").asText());
    }
  }

  @Test
  void aWorkerKilledWhileTheChildRunsLeavesExactlyOneChildAndTheParentCompletes() throws Exception {
    CountDownLatch childEntered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger healthyRuns = new AtomicInteger();
    Job<Order> hanging =
        resize(
            () -> {
              childEntered.countDown();
              never.await();
              return "never";
            });
    Job<Order> healthy = resize(() -> "run " + healthyRuns.incrementAndGet());
    try (RunlogEngine engine = cluster.engine("crash");
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "crash", Map.of())) {
      Api api = new Api(engine.url());
      Worker first = Worker.start(cluster.worker("crash", "w1"), List.of(gallery(), hanging));
      Worker second = null;
      try {
        api.awaitJob("resize");
        String eventId = client.send("gallery.new", new Order("dog"));
        assertTrue(childEntered.await(60, TimeUnit.SECONDS), "the child never started");
        String parentId = api.awaitRunOfEvent(eventId, "WAITING").path("id").asText();

        first.kill(); // after invoke, before the child's end
        // A worker that died between sending the trigger and recording the invoke sends it again
        // on replay: the same event id, so the same child run.
        resendChildTrigger("crash", parentId, "thumb");
        second = Worker.start(cluster.worker("crash", "w2"), List.of(gallery(), healthy));

        JsonNode parent;
        try {
          parent =
              api.await(
                  "/api/runs/" + parentId, a -> "SUCCESS".equals(a.body().path("status").asText()));
        } catch (AssertionError e) {
          String childId =
              api.get("/api/runs/" + parentId)
                  .body()
                  .path("children")
                  .get(0)
                  .path("runId")
                  .asText();
          throw new AssertionError(
              e.getMessage()
                  + "\nchild: "
                  + api.get("/api/runs/" + childId).body()
                  + "\n"
                  + cluster.events("crash", childId),
              e);
        }
        assertEquals("dog-64", parent.path("output").path("name").asText());
        assertEquals(1, parent.path("children").size(), "exactly one child: " + parent);
        String childId = parent.path("children").get(0).path("runId").asText();
        JsonNode childEvent = api.get("/api/events/" + Api.segment(parentId + ":thumb")).body();
        assertEquals(List.of(childId), texts(childEvent.path("runIds")));
        assertEquals(1, healthyRuns.get(), "the child's task ran once on the healthy worker");
      } finally {
        never.countDown();
        first.close();
        if (second != null) {
          second.close();
        }
      }
    }
  }

  @Test
  void badInvokesFailTheCallingTaskClearlyAndTheApiSaysWhy() {
    Job<Order> strict =
        Job.define("strict", "strict.x", Order.class, (o, io, ctx) -> o.item())
            .payloadSchema("{\"type\":\"object\",\"required\":[\"item\"]}");
    Job<Order> caller =
        Job.define(
            "caller",
            "caller.go",
            Order.class,
            (o, io, ctx) -> {
              List<String> errors = new ArrayList<>();
              try {
                io.invoke("unknown", "nope", o);
              } catch (TaskFailedException e) {
                errors.add(e.getMessage());
              }
              try {
                io.invokeAndWait("bad", "strict", Map.of("size", 1), null, String.class);
              } catch (TaskFailedException | ChildRunFailedException e) {
                errors.add(e.getMessage());
              }
              return errors;
            });
    try (RunlogEngine engine = cluster.engine("bad");
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "bad", Map.of());
        Worker worker = Worker.start(cluster.worker("bad", "w"), List.of(caller, strict))) {
      Api api = new Api(engine.url());
      api.awaitJob("strict");
      JsonNode run = api.awaitRunOfEvent(client.send("caller.go", new Order("x")), "SUCCESS");
      List<String> errors = texts(run.path("output"));
      assertEquals("task 'unknown' failed: job 'nope' is not registered", errors.get(0));
      assertTrue(
          errors.get(1).startsWith("task 'bad' failed: payload does not match job 'strict''s"),
          errors.get(1));

      Api.Answer unknown = api.post("/api/events", "{\"name\":\"x\",\"job\":\"nope\"}");
      assertEquals(404, unknown.status());
      assertTrue(unknown.body().toString().contains("'nope' is not registered"));
      Api.Answer invalid =
          api.post("/api/events", "{\"name\":\"x\",\"job\":\"strict\",\"payload\":{}}");
      assertEquals(400, invalid.status());
      assertTrue(invalid.body().toString().contains("item"), invalid.body().toString());
    }
  }

  /** The parent: makes a thumbnail with a child run and returns it. */
  private static Job<Order> gallery() {
    return Job.define(
        "gallery",
        "gallery.new",
        Order.class,
        (order, io, ctx) ->
            io.invokeAndWait("thumb", "resize", order, Duration.ofMinutes(5), Thumb.class));
  }

  private static Job<Order> resize(Step step) {
    return Job.define(
        "resize",
        "resize.requested",
        Order.class,
        (order, io, ctx) -> {
          io.runTask("work", step::call);
          return new Thumb(order.item() + "-64");
        });
  }

  private void resendChildTrigger(String prefix, String parentId, String key) {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    p.put("acks", "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      String eventId = parentId + ":" + key;
      TriggerEvent again =
          new TriggerEvent(
              eventId,
              "resize.requested",
              "{\"item\":\"dog\"}",
              null,
              Instant.now(),
              null,
              "invoke",
              "resize",
              parentId,
              key);
      producer.send(
          new ProducerRecord<>(
              new Topics(prefix).triggers().name(), eventId, Codecs.TRIGGER_EVENT.encode(again)));
      producer.flush();
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private interface Step {
    String call() throws Exception;
  }
}
