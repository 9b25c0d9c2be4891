package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.SideEffects;
import dev.runlog.engine.it.TestCluster;
import dev.runlog.engine.run.RunMachine;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery contract when the engine is killed under load (a child JVM destroyed with SIGKILL,
 * then started again): no run is lost, no task's output is recorded twice, and no execution is
 * acted on twice — every task's side effect happened exactly once, since no worker died.
 */
class EngineCrashIT {
  private static final int RUNS = 150;
  private static final int TASKS = 5;

  record Order(int n) {}

  @Test
  void anEngineKilledUnderLoadLosesNothingAndDuplicatesNothing(@TempDir Path dir) throws Exception {
    SideEffects sideEffects = new SideEffects();
    AtomicInteger calls = new AtomicInteger();
    Job<Order> job = job(sideEffects, calls);
    try (TestCluster cluster = new TestCluster();
        ChildEngine first = startEngine(cluster.bootstrapServers(), dir.resolve("state"))) {
      Worker a = Worker.start(cluster.worker("crash", "a"), List.of(job));
      Worker b = Worker.start(cluster.worker("crash", "b"), List.of(job));
      try (RunlogClient client =
          RunlogClient.connect(cluster.bootstrapServers(), "crash", Map.of())) {
        new Api(first.url()).awaitJob("crash");
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
          runIds.add(RunIds.of(client.send("crash.run", "evt-" + i, new Order(i), null), "crash"));
        }
        Instant deadline = Instant.now().plus(Api.DEADLINE);
        while (calls.get() < RUNS && Instant.now().isBefore(deadline)) {
          Api.pause(); // until a good part of the load is under way
        }
        first.kill();
        int doneAtKill = calls.get();
        assertTrue(doneAtKill < RUNS * TASKS, "the load was over before the kill");

        ChildEngine second = startEngine(cluster.bootstrapServers(), dir.resolve("state"));
        try {
          Api api = new Api(second.url());
          api.await(
              "/api/jobs",
              r ->
                  r.status() == 200
                      && r.body().path("jobs").size() == 1
                      && r.body().path("jobs").get(0).path("counts").path("SUCCESS").asInt()
                          == RUNS);
          assertEachRecordedOnce(api, runIds);
          sideEffects.assertEachOnce(RUNS * TASKS);
        } finally {
          second.close();
        }
      } finally {
        a.close();
        b.close();
      }
    }
  }

  /**
   * The same with events sent to the engine's API, which starts their runs itself: the engine dies
   * while requests are in flight, so some runs' starts are written in part. A client sends again
   * every event it got no {@code 202} for, to the restarted engine; every run succeeds, each task
   * once.
   */
  @Test
  void anEngineKilledWhileItsApiStartsRunsLosesNothingAndDuplicatesNothing(@TempDir Path dir)
      throws Exception {
    SideEffects sideEffects = new SideEffects();
    AtomicInteger calls = new AtomicInteger();
    Job<Order> job = job(sideEffects, calls);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try (TestCluster cluster = new TestCluster();
        ChildEngine first = startEngine(cluster.bootstrapServers(), dir.resolve("state"));
        Worker a = Worker.start(cluster.worker("crash", "a"), List.of(job));
        Worker b = Worker.start(cluster.worker("crash", "b"), List.of(job))) {
      Api before = new Api(first.url());
      before.awaitJob("crash");
      AtomicInteger next = new AtomicInteger();
      Set<Integer> accepted = ConcurrentHashMap.newKeySet();
      for (int c = 0; c < 4; c++) {
        clients.submit(
            () -> {
              for (int i = next.getAndIncrement(); i < RUNS; i = next.getAndIncrement()) {
                if (post(before, i).status() == 202) {
                  accepted.add(i);
                  // a client that waits for its run: the engine is often read up to the end of
                  // a partition, and the API starts the next run itself
                  before.get("/api/runs/" + RunIds.of("evt-" + i, "crash") + "?until=SUCCESS");
                }
              }
            });
      }
      Instant deadline = Instant.now().plus(Api.DEADLINE);
      while (accepted.size() < RUNS / 3 && Instant.now().isBefore(deadline)) {
        Api.pause(); // until requests are under way
      }
      first.kill();
      clients.shutdown();
      assertTrue(clients.awaitTermination(1, TimeUnit.MINUTES), "the clients stopped");
      assertTrue(accepted.size() < RUNS, "the requests were over before the kill");

      try (ChildEngine second = startEngine(cluster.bootstrapServers(), dir.resolve("state"))) {
        Api api = new Api(second.url());
        api.awaitJob("crash");
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
          if (!accepted.contains(i)) { // sent again, as a client does without a 202
            int n = i;
            Api.awaitAnswer(() -> post(api, n), r -> r.status() == 202, "POST evt-" + n);
          }
          runIds.add(RunIds.of("evt-" + i, "crash"));
        }
        // a run whose execution the dead API did not write starts when the engine sends it
        // again: after 40 s (RunMachine.API_SEND_TIMEOUT and its margin)
        Api.awaitAnswer(
            () -> api.get("/api/jobs"),
            r ->
                r.status() == 200
                    && r.body().path("jobs").size() == 1
                    && r.body().path("jobs").get(0).path("counts").path("SUCCESS").asInt() == RUNS,
            "every run SUCCESS",
            Api.DEADLINE.plus(RunMachine.API_SEND_TIMEOUT).plusSeconds(10));
        assertEachRecordedOnce(api, runIds);
        sideEffects.assertEachOnce(RUNS * TASKS);
        long byApi =
            runIds.stream()
                .filter(
                    id ->
                        "API"
                            .equals(
                                api.get("/api/runs/" + id + "/events")
                                    .body()
                                    .path("events")
                                    .path(0)
                                    .path("origin")
                                    .asText()))
                .count();
        assertTrue(byApi > 0, "the API started runs itself");
        System.err.println("crash: " + byApi + " of " + RUNS + " runs started by the API");
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private static Api.Answer post(Api api, int n) {
    return api.post(
        "/api/events",
        "{\"name\":\"crash.run\",\"id\":\"evt-" + n + "\",\"payload\":{\"n\":" + n + "}}");
  }

  private static Job<Order> job(SideEffects sideEffects, AtomicInteger calls) {
    return Job.define(
        "crash",
        "crash.run",
        Order.class,
        (order, io, ctx) -> {
          for (int t = 0; t < TASKS; t++) {
            String key = "t" + t;
            io.runTask(
                key,
                Integer.class,
                () -> {
                  sideEffects.happened(ctx.runId(), key);
                  calls.incrementAndGet();
                  return order.n() * 10 + key.length();
                });
          }
          return order.n();
        });
  }

  /** Every run SUCCESS with each of its tasks' outputs recorded once. */
  private static void assertEachRecordedOnce(Api api, List<String> runIds) {
    for (String runId : runIds) {
      JsonNode run = api.get("/api/runs/" + runId).body();
      assertEquals("SUCCESS", run.path("status").asText(), runId);
      assertEquals(TASKS, run.path("tasks").size());
      Map<String, Integer> recorded = new HashMap<>();
      for (JsonNode e : api.get("/api/runs/" + runId + "/events").body().path("events")) {
        if ("TaskCompleted".equals(e.path("type").asText()) && e.path("ignored").isNull()) {
          recorded.merge(e.path("body").path("key").asText(), 1, Integer::sum);
        }
      }
      recorded.forEach((key, n) -> assertEquals(1, n, runId + "/" + key + " recorded twice"));
      assertEquals(TASKS, recorded.size());
    }
  }

  private static ChildEngine startEngine(String bootstrap, Path stateDir) throws Exception {
    return ChildEngine.start(
        bootstrap,
        stateDir,
        "topic.prefix=crash",
        "partitions=3",
        "kafka.session.timeout.ms=6000",
        "kafka.heartbeat.interval.ms=1000");
  }
}
