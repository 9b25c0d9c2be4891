package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Finished runs expire on a real broker: with a retention of seconds, the API answers 404 "expired"
 * for them, then "no run", and the stores' keys fall back to what the unfinished run holds. The
 * expiry schedule survives a restart of the engine.
 */
class RetentionIT extends OnRealBroker {
  private static final Duration KEEP = Duration.ofSeconds(20);
  private static final int RUNS = 40;

  /**
   * The stores of runs and events: their keys must go (the jobs store and the admission limits are
   * not per run).
   */
  private static final Set<String> PER_RUN =
      Set.of(
          "runs",
          "run-inputs",
          "run-tasks",
          "run-waits",
          "run-history",
          "run-logs",
          "job-runs",
          "run-payload-fields",
          "events-by-time",
          "timers",
          "events",
          "run-expiries",
          "expired-runs",
          "event-expiries",
          "expired-events");

  @Test
  void finishedRunsExpireOverTheApiAndTheStoresEmpty() {
    Job<Order> kept =
        Job.define(
            "kept",
            "kept.run",
            Order.class,
            (order, io, ctx) -> {
              for (int i = 0; i < 3; i++) {
                int n = i;
                io.runTask("step-" + n, String.class, () -> order.item() + n);
              }
              return order.item();
            });
    Job<Order> waits =
        Job.define(
            "waits",
            "waits.run",
            Order.class,
            (order, io, ctx) -> {
              io.runTask("before", String.class, () -> order.item());
              io.sleep("a-long-time", Duration.ofMinutes(30));
              return order.item();
            });
    String prefix = "ret";
    List<String> runIds = new ArrayList<>();
    List<String> eventIds = new ArrayList<>();
    String waiting;
    long peak;
    try (RunlogEngine engine = cluster.engine(prefix, c -> c.withRunRetention(KEEP));
        Worker worker = Worker.start(cluster.worker(prefix, "w"), List.of(kept, waits));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("kept");
      api.awaitJob("waits");
      waiting =
          api.awaitRunOfEvent(client.send("waits.run", new Order("w")), "WAITING")
              .path("id")
              .asText();
      for (int i = 0; i < RUNS; i++) {
        eventIds.add(client.send("kept.run", new Order("item-" + i)));
      }
      client.send("nobody.listens", "lonely", new Order("x"), Map.of());
      long most = 0;
      for (String eventId : eventIds) {
        String runId = RunIds.of(eventId, "kept");
        runIds.add(runId);
        // Finished, or even expired already on a slow day: either way it is over.
        Api.awaitAnswer(
            () -> api.get("/api/runs/" + runId),
            a ->
                "SUCCESS".equals(a.body().path("status").asText())
                    || a.body().path("error").asText().contains("expired"),
            "run " + runId + " finishes");
        most = Math.max(most, perRunKeys(engine));
      }
      peak = most;
      // Stopped before most of them expire: the new instance keeps their schedule.
    }
    // About ten keys a run while it is kept; on a slow day the first runs expire before the last
    // finish.
    assertTrue(peak >= RUNS * 2L, "the stores held the runs: " + peak + " keys");

    try (RunlogEngine engine = cluster.engine(prefix, c -> c.withRunRetention(KEEP))) {
      Api api = new Api(engine.url());
      for (String runId : runIds) {
        Api.Answer gone =
            Api.awaitAnswer(
                () -> api.get("/api/runs/" + runId),
                a -> a.status() == 404,
                "run " + runId + " expires");
        String error = gone.body().path("error").asText();
        // The marker outlives the run by one retention; past that the answer is "no run" (checked
        // below).
        assertTrue(
            error.startsWith("run " + runId + " expired: finished runs are kept 20 seconds")
                || error.startsWith("no run with id"),
            error);
      }
      Api.Answer lonely =
          Api.awaitAnswer(
              () -> api.get("/api/events/lonely"),
              a -> a.status() == 404,
              "the unmatched event expires");
      assertTrue(
          lonely.body().path("error").asText().contains("expired")
              || lonely.body().path("error").asText().contains("no event"),
          lonely.toString());
      assertEquals(
          "WAITING",
          api.get("/api/runs/" + waiting).body().path("status").asText(),
          "an unfinished run is kept");

      String last = runIds.get(runIds.size() - 1);
      Api.awaitAnswer(
          () -> api.get("/api/runs/" + last),
          a -> a.body().path("error").asText().startsWith("no run with id"),
          "the marker of " + last + " is forgotten a retention later");
      assertEquals(404, api.get("/api/events/" + eventIds.get(0)).status());

      // What is left is the waiting run's: header, input, task, wait, its timers, history and index
      // entry, its event's record.
      Api.awaitAnswer(
          () ->
              new Api.Answer(
                  200, com.fasterxml.jackson.databind.node.LongNode.valueOf(perRunKeys(engine))),
          a -> a.body().asLong() <= 20,
          "the stores' keys fall back to the unfinished run's (peak "
              + peak
              + "): "
              + engine.storeKeys());
      assertEquals("WAITING", api.get("/api/runs/" + waiting).body().path("status").asText());
    }
  }

  private static long perRunKeys(RunlogEngine engine) {
    return engine.storeKeys().entrySet().stream()
        .filter(e -> PER_RUN.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
