package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Continuing a failed run, and per-key concurrency limits, on a real broker. */
class ContinueAndKeyLimitsIT extends OnRealBroker {

  /** The payload of the per-key job. */
  public record Sync(String tenant, int n) {}

  @Test
  void aFailedRunContinuesAsTheSameRunWithoutRunningItsCompletedTasksAgain() {
    AtomicInteger fetched = new AtomicInteger();
    AtomicInteger posted = new AtomicInteger();
    AtomicBoolean broken = new AtomicBoolean(true);
    Job<Order> job =
        Job.define(
            "flaky-post",
            "flaky.post",
            Order.class,
            (order, io, ctx) -> {
              // replay-stable values: the replay after the continue gets the ones of the first run
              String stable = io.uuid() + "@" + io.now() + "~" + io.random();
              String profile =
                  io.runTask(
                      "fetch",
                      String.class,
                      () -> "profile #" + fetched.incrementAndGet() + " " + stable);
              return io.runTask(
                  "post",
                  String.class,
                  () -> {
                    posted.incrementAndGet();
                    if (broken.get()) {
                      throw new IllegalStateException("token expired");
                    }
                    return "posted " + profile + " | " + stable;
                  });
            });
    try (RunlogEngine engine = cluster.engine("continue");
        Worker worker = Worker.start(cluster.worker("continue", "w"), List.of(job));
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "continue", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("flaky-post");
      String runId =
          api.awaitRunOfEvent(client.send("flaky.post", new Order("x")), "FAILURE")
              .path("id")
              .asText();
      assertEquals(409, api.post("/api/runs/" + runId + "/cancel", "{}").status());

      broken.set(false);
      Api.Answer continued = api.post("/api/runs/" + runId + "/continue?reason=fixed", "{}");
      assertEquals(202, continued.status(), continued.body().toString());
      JsonNode run =
          api.await("/api/runs/" + runId, a -> "SUCCESS".equals(a.body().path("status").asText()));
      String[] output = run.path("output").asText().split(" \\| ");
      assertTrue(output[0].startsWith("posted profile #1 "), output[0]);
      assertEquals(
          output[0].substring("posted profile #1 ".length()),
          output[1],
          "io.uuid(), io.now() and io.random() differ on replay");
      assertEquals(1, fetched.get(), "a completed task ran again");
      assertEquals(2, posted.get());
      assertEquals(1, run.path("continuations").asInt());
      assertTrue(run.path("error").isNull() || run.path("error").isMissingNode());

      Api.Answer again = api.post("/api/runs/" + runId + "/continue", "{}");
      assertEquals(409, again.status());
      assertTrue(again.body().path("error").asText().contains("SUCCESS"), again.body().toString());
      assertEquals(404, api.post("/api/runs/run_nope/continue", "{}").status());
    }
  }

  @Test
  void oneTenantsQueueDoesNotHoldUpAnotherTenant() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    AtomicInteger mostAtOnceForA = new AtomicInteger();
    Job<Sync> job =
        Job.define(
                "tenant-sync",
                "tenant.sync",
                Sync.class,
                (sync, io, ctx) ->
                    io.runTask(
                        "sync",
                        String.class,
                        () -> {
                          AtomicInteger now =
                              running.computeIfAbsent(sync.tenant(), t -> new AtomicInteger());
                          int at = now.incrementAndGet();
                          if (sync.tenant().equals("a")) {
                            mostAtOnceForA.accumulateAndGet(at, Math::max);
                            release.await(60, TimeUnit.SECONDS);
                          }
                          now.decrementAndGet();
                          return sync.tenant() + sync.n();
                        }))
            .concurrencyLimit(10)
            .concurrencyKey("tenant", 1);
    try (RunlogEngine engine = cluster.engine("perkey");
        Worker worker = Worker.start(cluster.worker("perkey", "w"), List.of(job));
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "perkey", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("tenant-sync");
      List<String> tenantA = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        tenantA.add(client.send("tenant.sync", new Sync("a", i)));
      }
      // tenant a's first run holds its one slot; its other two queue
      JsonNode limits =
          api.await(
              "/api/limits",
              a -> {
                JsonNode limit = limitOf(a.body(), "job:tenant-sync");
                return limit != null && limit.path("queued").asInt() == 2;
              });
      JsonNode keyA = limitOf(limitOf(limits, "job:tenant-sync").path("keys"), "key:tenant-sync:a");
      assertEquals(1, keyA.path("running").asInt(), limits.toString());
      assertEquals(2, keyA.path("queued").asInt(), limits.toString());

      String b = client.send("tenant.sync", new Sync("b", 0));
      assertEquals("b0", api.awaitRunOfEvent(b, "SUCCESS").path("output").asText());

      JsonNode missing =
          api.post(
                  "/api/events",
                  "{\"name\":\"tenant.sync\",\"id\":\"no-key\",\"payload\":{\"n\":1}}")
              .body();
      assertEquals(
          "INVALID_PAYLOAD",
          api.awaitRunOfEvent("no-key", "INVALID_PAYLOAD").path("status").asText(),
          missing.toString());

      release.countDown();
      for (String eventId : tenantA) {
        api.awaitRunOfEvent(eventId, "SUCCESS");
      }
      assertEquals(1, mostAtOnceForA.get(), "two runs of tenant a ran at once");
    }
  }

  private static JsonNode limitOf(JsonNode body, String key) {
    JsonNode list = body.has("limits") ? body.path("limits") : body;
    for (JsonNode limit : list) {
      if (key.equals(limit.path("key").asText())) {
        return limit;
      }
    }
    return null;
  }
}
