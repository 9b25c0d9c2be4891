package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which worker runs what: workers of one queue with different jobs do not take each other's runs,
 * and an execution that waits for a worker (a backlog, or no worker at all) is never dispatched
 * again while it waits, so each task's side effect runs once.
 */
class WorkerRoutingIT extends OnRealBroker {

  @Test
  void twoWorkerServicesOnOneQueueEachRunOnlyTheirOwnJobs() {
    Job<Order> billing =
        Job.define(
            "billing",
            "order.billed",
            Order.class,
            (order, io, ctx) -> io.runTask("bill", String.class, () -> "billed " + order.item()));
    Job<Order> shipping =
        Job.define(
            "shipping",
            "order.shipped",
            Order.class,
            (order, io, ctx) -> io.runTask("ship", String.class, () -> "shipped " + order.item()));
    try (RunlogEngine engine = cluster.engine("routing");
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "routing", Map.of());
        Worker billingService =
            Worker.start(cluster.worker("routing", "billing-service"), List.of(billing));
        Worker shippingService =
            Worker.start(cluster.worker("routing", "shipping-service"), List.of(shipping))) {
      Api api = new Api(engine.url());
      api.awaitJob("billing");
      api.awaitJob("shipping");
      List<String> billed = new ArrayList<>();
      List<String> shipped = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        billed.add(client.send("order.billed", new Order("b" + i)));
        shipped.add(client.send("order.shipped", new Order("s" + i)));
      }
      for (int i = 0; i < 10; i++) {
        assertEquals(
            "billed b" + i, api.awaitRunOfEvent(billed.get(i), "SUCCESS").path("output").asText());
        assertEquals(
            "shipped s" + i,
            api.awaitRunOfEvent(shipped.get(i), "SUCCESS").path("output").asText());
      }
      // The same event id sent again: accepted, said to be a duplicate, and no second run.
      Api.Answer again =
          api.post(
              "/api/events",
              "{\"name\": \"order.billed\", \"id\": \""
                  + billed.get(0)
                  + "\", \"payload\": {\"item\": \"b0\"}}");
      assertEquals(202, again.status());
      assertTrue(again.body().path("duplicate").asBoolean(), again.body().toString());
      assertEquals(
          RunIds.of(billed.get(0), "billing"), again.body().path("runIds").get(0).asText());
      api.await("/api/events/" + billed.get(0), a -> a.body().path("deliveries").asInt() == 2);
      assertEquals(1, api.get("/api/events/" + billed.get(0) + "/runs").body().path("runs").size());
    }
  }

  @Test
  void anEngineThatRequiresAJobAcceptsNoEventUntilTheJobIsRegistered() {
    Job<Order> late =
        Job.define(
            "late",
            "late.event",
            Order.class,
            (order, io, ctx) -> io.runTask("t", String.class, () -> "ran " + order.item()));
    try (RunlogEngine engine = cluster.engineRequiring("required", java.util.Set.of("late"))) {
      Api api = new Api(engine.url());
      // RUNNING, but without the job: from the first instant, nothing is accepted that would match
      // nothing.
      assertTrue(
          engine.notReadyReason().orElse("").contains("late"), engine.notReadyReason().toString());
      Api.Answer refused =
          api.post("/api/events", "{\"name\": \"late.event\", \"id\": \"too-early\"}");
      assertEquals(503, refused.status(), refused.toString());
      assertEquals(503, api.get("/health/ready").status());
      try (Worker worker = Worker.start(cluster.worker("required", "w"), List.of(late))) {
        api.await("/health/ready", a -> a.status() == 200);
        assertEquals(
            202,
            api.post(
                    "/api/events",
                    "{\"name\": \"late.event\", \"id\": \"in-time\", \"payload\": {\"item\": \"x\"}}")
                .status());
        assertEquals("ran x", api.awaitRunOfEvent("in-time", "SUCCESS").path("output").asText());
      }
    }
  }

  @Test
  void executionsQueuedPastManyLeasesRunEachTaskOnce() {
    Duration lease = Duration.ofSeconds(2);
    Map<String, AtomicInteger> sideEffects = new ConcurrentHashMap<>();
    Job<Order> job =
        Job.define(
                "backlog",
                "work.queued",
                Order.class,
                (order, io, ctx) -> {
                  for (String step : List.of("a", "b", "c")) {
                    io.runTask(
                        step,
                        Integer.class,
                        () ->
                            sideEffects
                                .computeIfAbsent(ctx.runId() + "/" + step, k -> new AtomicInteger())
                                .incrementAndGet());
                  }
                  return "done";
                })
            .lease(lease);
    Job<Order> canary = Job.define("canary", "canary.due", Order.class, (order, io, ctx) -> "sang");
    try (RunlogEngine engine = cluster.engine("backlog");
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "backlog", Map.of())) {
      Api api = new Api(engine.url());
      Worker.start(cluster.worker("backlog", "registrar"), List.of(job))
          .close(); // registers the job; no worker is left to take runs
      api.awaitJob("backlog");
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        events.add(client.send("work.queued", new Order("w" + i)));
      }
      for (String event : events) {
        JsonNode run = api.awaitRunOfEvent(event, "EXECUTING");
        assertEquals("worker", run.path("waitingOn").asText(), "the run says what it waits for");
      }
      // Let five leases pass: a delayed canary event comes due after them, and the engine fires its
      // timers in due order, so once the canary runs every lease timer of the backlog has fired.
      try (Worker canaryWorker =
          Worker.start(cluster.worker("backlog", "canary"), List.of(canary))) {
        api.awaitJob("canary");
        assertEquals(
            202,
            api.post(
                    "/api/events",
                    "{\"name\": \"canary.due\", \"id\": \"canary-1\", \"payload\": {\"item\": \"c\"}, "
                        + "\"deliverAfter\": \""
                        + lease.multipliedBy(5)
                        + "\"}")
                .status());
        api.awaitRunOfEvent("canary-1", "SUCCESS");
      }
      // The canary's worker is gone for good: retire its job, and its events start no more runs.
      assertEquals(202, api.delete("/api/jobs/canary").status());
      api.await(
          "/api/jobs",
          a -> a.body().path("jobs").findValuesAsText("id").stream().noneMatch("canary"::equals));
      assertEquals(
          202,
          api.post("/api/events", "{\"name\": \"canary.due\", \"id\": \"canary-2\"}").status());
      JsonNode unmatched = api.await("/api/events/canary-2", a -> a.status() == 200);
      assertEquals(
          0,
          unmatched.path("matchedJobs").size(),
          "a retired job's event starts no run: " + unmatched);
      assertEquals(404, api.delete("/api/jobs/canary").status());
      try (Worker late = Worker.start(cluster.worker("backlog", "late"), List.of(job))) {
        for (String event : events) {
          api.awaitRunOfEvent(event, "SUCCESS");
        }
      }
      assertEquals(40 * 3, sideEffects.size());
      sideEffects.forEach(
          (task, count) ->
              assertEquals(
                  1, count.get(), "side effect of " + task + " ran " + count.get() + " times"));
      for (RunEvent event : cluster.events("backlog", null)) {
        assertTrue(
            !(event.body() instanceof RunEventBody.ExecutionLeaseExpired),
            "a queued execution's lease expired: " + event);
        if (event.body() instanceof RunEventBody.RunStarted started) {
          assertEquals(1, started.execution(), "a second execution of " + event.runId());
        }
      }
    }
  }
}
