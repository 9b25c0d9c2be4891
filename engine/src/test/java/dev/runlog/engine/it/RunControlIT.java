package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Leases, fencing, cancellation, concurrency limits, payload validation and delayed events on a
 * real broker.
 */
class RunControlIT extends OnRealBroker {

  @Test
  void aWorkerKilledMidRunLosesItsLeaseAndAnotherReplaysTheRunWhileTheZombieIsFenced()
      throws Exception {
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    Job<Order> hanging =
        twoSteps(
            first,
            () -> {
              hung.countDown();
              never.await();
              return "never";
            });
    Job<Order> healthy = twoSteps(first, () -> "done #" + second.incrementAndGet());
    try (RunlogEngine engine = cluster.engine("lease");
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "lease", Map.of())) {
      Api api = new Api(engine.url());
      Worker dying = Worker.start(cluster.worker("lease", "dying"), List.of(hanging));
      Worker rescuer = null;
      try {
        api.awaitJob("steps");
        String eventId = client.send("two.steps", new Order("x"));
        assertTrue(hung.await(60, TimeUnit.SECONDS));
        String runId = api.awaitRunOfEvent(eventId, "EXECUTING").path("id").asText();
        dying.kill(); // no farewell; its consumer hangs in the group until evicted
        rescuer = Worker.start(cluster.worker("lease", "rescuer"), List.of(healthy));

        JsonNode run =
            api.await(
                "/api/runs/" + runId, a -> "SUCCESS".equals(a.body().path("status").asText()));
        assertEquals(1, first.get(), "the completed task ran again");
        assertEquals(1, second.get());
        assertTrue(run.path("execution").asInt() > 1, "a new execution was dispatched");
        assertTrue(
            cluster.events("lease", runId).stream()
                .anyMatch(e -> e.body() instanceof RunEventBody.ExecutionLeaseExpired));

        // The zombie's late news, with its old execution number, changes nothing.
        long ignoredBefore = engine.counters().ignored();
        appendAsWorker(
            "lease",
            runId,
            1,
            new RunEventBody.TaskCompleted("second", "\"zombie\"", Instant.now(), 1));
        appendAsWorker(
            "lease",
            runId,
            1,
            new RunEventBody.RunFailed(dev.runlog.protocol.run.ErrorInfo.of("Zombie", "late")));
        api.await("/api/runs/" + runId, a -> engine.counters().ignored() >= ignoredBefore + 2);
        JsonNode after = api.get("/api/runs/" + runId).body();
        assertEquals("SUCCESS", after.path("status").asText());
        assertEquals("done #1", after.path("tasks").get(1).path("output").asText());
      } finally {
        never.countDown();
        dying.close();
        if (rescuer != null) {
          rescuer.close();
        }
      }
    }
  }

  @Test
  void cancelWorksForQueuedWaitingAndExecutingRunsAndIsRefusedForFinishedOnes() throws Exception {
    CountDownLatch blocking = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Job<Order> busy =
        Job.define(
                "busy",
                "busy.run",
                Order.class,
                (order, io, ctx) ->
                    io.runTask(
                        "block",
                        String.class,
                        () -> {
                          blocking.countDown();
                          try {
                            new CountDownLatch(1).await(); // until canceled
                          } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                          }
                          return "never";
                        }))
            .concurrencyLimit(1);
    Job<Order> sleepy =
        Job.define(
            "sleepy",
            "sleepy.run",
            Order.class,
            (order, io, ctx) -> {
              io.sleep("long", Duration.ofMinutes(10));
              return "never";
            });
    Job<Order> quick = Job.define("quick", "quick.run", Order.class, (order, io, ctx) -> "done");
    try (RunlogEngine engine = cluster.engine("cancel");
        Worker worker = Worker.start(cluster.worker("cancel", "w"), List.of(busy, sleepy, quick));
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "cancel", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("busy");
      api.awaitJob("sleepy");
      api.awaitJob("quick");
      String executing =
          api.awaitRunOfEvent(client.send("busy.run", new Order("a")), "EXECUTING")
              .path("id")
              .asText();
      assertTrue(blocking.await(60, TimeUnit.SECONDS));
      String queued =
          api.awaitRunOfEvent(client.send("busy.run", new Order("b")), "QUEUED")
              .path("id")
              .asText();
      String waiting =
          api.awaitRunOfEvent(client.send("sleepy.run", new Order("c")), "WAITING")
              .path("id")
              .asText();
      String finished =
          api.awaitRunOfEvent(client.send("quick.run", new Order("d")), "SUCCESS")
              .path("id")
              .asText();

      assertEquals(202, api.post("/api/runs/" + queued + "/cancel", "").status());
      api.await("/api/runs/" + queued, a -> "CANCELED".equals(a.body().path("status").asText()));
      assertEquals(202, api.post("/api/runs/" + waiting + "/cancel", "").status());
      api.await("/api/runs/" + waiting, a -> "CANCELED".equals(a.body().path("status").asText()));
      client.cancel(executing, "from the SDK");
      api.await("/api/runs/" + executing, a -> "CANCELED".equals(a.body().path("status").asText()));
      assertTrue(
          interrupted.await(60, TimeUnit.SECONDS),
          "the worker did not interrupt the task it was running");

      Api.Answer refused = api.post("/api/runs/" + finished + "/cancel", "");
      assertEquals(409, refused.status());
      assertTrue(refused.body().path("error").asText().contains("SUCCESS"));
      assertEquals(404, api.post("/api/runs/run_nope/cancel", "").status());
    }
  }

  @Test
  void aConcurrencyLimitOfTwoHoldsAcrossTwentyRunsThatWaitInTheMiddle() {
    Job<Order> limited =
        Job.define(
                "limited",
                "limited.run",
                Order.class,
                (order, io, ctx) -> {
                  io.runTask("before", String.class, () -> order.item() + " started");
                  io.sleep("breather", Duration.ofMillis(300));
                  return io.runTask("after", String.class, () -> order.item() + " done");
                })
            .concurrencyLimit(2);
    try (RunlogEngine engine = cluster.engine("limit");
        Worker worker =
            Worker.start(cluster.worker("limit", "w").withMaxConcurrentRuns(8), List.of(limited));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "limit", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("limited");
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        events.add(client.send("limited.run", new Order("order-" + i)));
      }
      for (String eventId : events) {
        api.awaitRunOfEvent(eventId, "SUCCESS");
      }
      List<RunEvent> log = new ArrayList<>(cluster.events("limit", null));
      // In time order, a run leaving EXECUTING at the same millisecond as another enters comes
      // first: it caused it.
      log.sort(
          Comparator.comparing(RunEvent::timestamp)
              .thenComparing(e -> e.body() instanceof RunEventBody.RunStarted ? 1 : 0));
      Set<String> executing = new HashSet<>();
      int most = 0;
      for (RunEvent e : log) {
        if (e.body() instanceof RunEventBody.RunStarted) {
          executing.add(e.runId());
        } else if (e.body() instanceof RunEventBody.WaitRequested
            || e.body() instanceof RunEventBody.RunSucceeded) {
          executing.remove(e.runId());
        }
        most = Math.max(most, executing.size());
      }
      assertEquals(2, most, "the log shows more (or fewer) than 2 runs executing at once");
      assertTrue(
          log.stream().anyMatch(e -> e.body() instanceof RunEventBody.RunQueued),
          "no run was ever queued");
    }
  }

  @Test
  void anInvalidPayloadMakesAnInvalidPayloadRunWithItsErrorsAndADelayedEventWaits() {
    record Signup(String email, int age) {}
    AtomicInteger ran = new AtomicInteger();
    Job<Signup> signup =
        Job.define(
            "signup",
            "user.signup",
            Signup.class,
            (s, io, ctx) -> io.runTask("welcome", Integer.class, ran::incrementAndGet));
    try (RunlogEngine engine = cluster.engine("payload");
        Worker worker = Worker.start(cluster.worker("payload", "w"), List.of(signup))) {
      Api api = new Api(engine.url());
      api.awaitJob("signup");
      Api.Answer sent =
          api.post(
              "/api/events",
              "{\"name\": \"user.signup\", \"id\": \"bad-1\", \"payload\": {\"email\": 7}}");
      assertEquals(202, sent.status());
      JsonNode invalid = api.awaitRunOfEvent("bad-1", "INVALID_PAYLOAD");
      String errors = invalid.path("error").path("message").asText();
      assertTrue(errors.contains("$.email") && errors.contains("$.age"), errors);
      assertEquals(0, invalid.path("tasks").size());

      Instant asked = Instant.now();
      api.post(
          "/api/events",
          "{\"name\": \"user.signup\", \"id\": \"later-1\", \"payload\": {\"email\": \"a@b.c\", \"age\": 30},"
              + " \"deliverAfter\": \"PT2S\"}");
      JsonNode delayed = api.awaitRunOfEvent("later-1", "SUCCESS");
      Instant started = Instant.parse(delayed.path("startedAt").asText());
      assertFalse(
          started.isBefore(asked.plusSeconds(2)),
          "started at " + started + ", asked at " + asked + " for 2 s later");
      assertEquals(1, ran.get(), "the invalid run's code ran");
    }
  }

  private static Job<Order> twoSteps(AtomicInteger first, dev.runlog.sdk.Task<String> second) {
    return Job.define(
            "steps",
            "two.steps",
            Order.class,
            (order, io, ctx) -> {
              io.runTask("first", Integer.class, first::incrementAndGet);
              return io.runTask("second", String.class, second);
            })
        .lease(Duration.ofSeconds(2));
  }

  private void appendAsWorker(String prefix, String runId, long execution, RunEventBody body)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      RunEvent event = RunEvent.worker(runId, Instant.now(), execution, body);
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(
              new Topics(prefix).runEvents().name(), runId, Codecs.RUN_EVENT.encode(event));
      record
          .headers()
          .add(
              Origin.HEADER,
              Origin.WORKER.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      producer.send(record).get();
    }
  }
}
