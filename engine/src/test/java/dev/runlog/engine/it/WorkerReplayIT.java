package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Runs on a real broker: tasks are memoized in the log, and a crashed worker's run is replayed by
 * another.
 */
class WorkerReplayIT extends OnRealBroker {

  record Order(String item, int quantity) {}

  @Test
  void aRunWhoseWorkerCrashesIsReplayedWithoutRunningCompletedTasksAgain() throws Exception {
    AtomicInteger reserve = new AtomicInteger();
    AtomicInteger charge = new AtomicInteger();
    AtomicInteger ship = new AtomicInteger();
    CountDownLatch shipEntered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);

    // Worker 1 hangs in its third task: tasks 1 and 2 are durable by then (each append is acked
    // first).
    Job<Order> hanging =
        orderJob(
            reserve,
            charge,
            () -> {
              shipEntered.countDown();
              never.await();
              return "never";
            });
    Job<Order> healthy = orderJob(reserve, charge, () -> "shipped #" + ship.incrementAndGet());

    try (RunlogEngine engine = cluster.engine("replay");
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "replay", Map.of())) {
      Api api = new Api(engine.url());
      Worker first = Worker.start(workerConfig("replay", "w1"), List.of(hanging));
      Worker second = null;
      try {
        api.awaitJob("orders");
        String eventId = client.send("order.placed", new Order("book", 2));
        assertTrue(
            shipEntered.await(60, TimeUnit.SECONDS), "worker 1 never reached the third task");
        String runId = api.awaitRunOfEvent(eventId, "EXECUTING").path("id").asText();
        api.await("/api/runs/" + runId, a -> a.body().path("tasks").size() == 2);

        first.kill(); // its consumer hangs in the group until evicted: then the run's execution is
        // redelivered
        second = Worker.start(workerConfig("replay", "w2"), List.of(healthy));

        JsonNode run =
            api.await(
                "/api/runs/" + runId, a -> "SUCCESS".equals(a.body().path("status").asText()));
        assertEquals(1, reserve.get(), "task 1 ran again");
        assertEquals(1, charge.get(), "task 2 ran again");
        assertEquals(1, ship.get(), "task 3 did not run exactly once");
        assertEquals("shipped #1", run.path("output").path("shipment").asText());
        JsonNode tasks = run.path("tasks");
        assertEquals(
            List.of("reserve", "charge", "ship"),
            List.of(
                tasks.get(0).path("key").asText(),
                tasks.get(1).path("key").asText(),
                tasks.get(2).path("key").asText()));
        assertEquals("reserved 2 x book", tasks.get(0).path("output").asText());
        assertEquals(20, tasks.get(1).path("output").asInt());
        assertEquals("shipped #1", tasks.get(2).path("output").asText());
        for (JsonNode task : tasks) {
          assertEquals("COMPLETED", task.path("status").asText());
        }
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
  void aTaskThatThrowsFailsTheRunWithItsMessage() {
    Job<Order> job =
        Job.define(
            "payments",
            "payment.due",
            Order.class,
            (order, io, ctx) -> {
              io.runTask("check", Boolean.class, () -> order.quantity() > 0);
              io.runTask(
                  "charge",
                  () -> {
                    throw new IllegalStateException("card declined for " + order.item());
                  });
              return "unreachable";
            });
    try (RunlogEngine engine = cluster.engine("failing");
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "failing", Map.of());
        Worker worker = Worker.start(workerConfig("failing", "w"), List.of(job))) {
      Api api = new Api(engine.url());
      api.awaitJob("payments");
      String eventId = client.send("payment.due", new Order("lamp", 1));
      JsonNode run = api.awaitRunOfEvent(eventId, "FAILURE");
      assertEquals(
          "task 'charge' failed: card declined for lamp",
          run.path("error").path("message").asText());
      JsonNode charge = run.path("tasks").get(1);
      assertEquals("FAILED", charge.path("status").asText());
      assertEquals("card declined for lamp", charge.path("error").path("message").asText());

      JsonNode same = api.get("/api/runs/" + run.path("id").asText()).body();
      assertEquals("FAILURE", same.path("status").asText());
    }
  }

  @Test
  void theRunSeesItsContextAndTheSameKeyTwiceRunsOnce() {
    AtomicInteger calls = new AtomicInteger();
    Job<Order> job =
        Job.define(
                "contextual",
                "ctx.check",
                Order.class,
                (order, io, ctx) -> {
                  Integer first = io.runTask("once", Integer.class, calls::incrementAndGet);
                  Integer second = io.runTask("once", Integer.class, calls::incrementAndGet);
                  return Map.of(
                      "counts",
                      List.of(first, second),
                      "runId",
                      ctx.runId(),
                      "jobId",
                      ctx.jobId(),
                      "jobVersion",
                      ctx.jobVersion(),
                      "eventId",
                      ctx.eventId(),
                      "eventName",
                      ctx.eventName(),
                      "eventTimestamp",
                      ctx.eventTimestamp().toString(),
                      "environment",
                      ctx.environment(),
                      "organization",
                      ctx.organization(),
                      "tenant",
                      ctx.eventContext().get("tenant"));
                })
            .version("7");
    try (RunlogEngine engine = cluster.engine("context");
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "context", Map.of());
        Worker worker =
            Worker.start(
                workerConfig("context", "w").withEnvironment("staging").withOrganization("acme"),
                List.of(job))) {
      Api api = new Api(engine.url());
      api.awaitJob("contextual");
      client.send("ctx.check", "evt-ctx", new Order("pen", 1), Map.of("tenant", "t-42"));
      JsonNode run = api.awaitRunOfEvent("evt-ctx", "SUCCESS");
      JsonNode out = run.path("output");
      assertEquals(1, out.path("counts").get(0).asInt());
      assertEquals(1, out.path("counts").get(1).asInt());
      assertEquals(1, calls.get());
      assertEquals(run.path("id").asText(), out.path("runId").asText());
      assertEquals("contextual", out.path("jobId").asText());
      assertEquals("7", out.path("jobVersion").asText());
      assertEquals("evt-ctx", out.path("eventId").asText());
      assertEquals("ctx.check", out.path("eventName").asText());
      assertTrue(out.path("eventTimestamp").asText().startsWith("20"));
      assertEquals("staging", out.path("environment").asText());
      assertEquals("acme", out.path("organization").asText());
      assertEquals("t-42", out.path("tenant").asText());
      assertEquals(1, run.path("tasks").size());
    }
  }

  @Test
  void theApiAnswersBadRequestsWithAClearError() {
    try (RunlogEngine engine = cluster.engine("rest")) {
      Api api = new Api(engine.url());
      Api.Answer unknown = api.get("/api/runs/run_nope");
      assertEquals(404, unknown.status());
      assertTrue(unknown.body().path("error").asText().contains("run_nope"));
      Api.Answer notJson = api.post("/api/events", "{not json");
      assertEquals(400, notJson.status());
      assertTrue(
          notJson.body().path("error").asText().contains("not valid JSON"),
          notJson.body().toString());
      Api.Answer noName = api.post("/api/events", "{\"payload\": {}}");
      assertEquals(400, noName.status());
      assertTrue(noName.body().path("error").asText().contains("name"));
      Api.Answer accepted =
          api.post(
              "/api/events",
              "{\"name\": \"nobody.listens\", \"id\": \"e-1\", \"payload\": {\"a\": 1}}");
      assertEquals(202, accepted.status());
      assertEquals("e-1", accepted.body().path("id").asText());
      assertEquals(0, api.get("/api/events/e-1/runs").body().path("runs").size());
      assertEquals(404, api.get("/api/nothing-here").status());
    }
  }

  private static Job<Order> orderJob(
      AtomicInteger reserve, AtomicInteger charge, dev.runlog.sdk.Task<String> ship) {
    return Job.define(
        "orders",
        "order.placed",
        Order.class,
        (order, io, ctx) -> {
          String reserved =
              io.runTask(
                  "reserve",
                  String.class,
                  () -> {
                    reserve.incrementAndGet();
                    return "reserved " + order.quantity() + " x " + order.item();
                  });
          Integer total =
              io.runTask(
                  "charge",
                  Integer.class,
                  () -> {
                    charge.incrementAndGet();
                    return order.quantity() * 10;
                  });
          String shipment = io.runTask("ship", String.class, ship);
          return Map.of("reserved", reserved, "total", total, "shipment", shipment);
        });
  }

  private WorkerConfig workerConfig(String prefix, String id) {
    return cluster.worker(prefix, id);
  }
}
