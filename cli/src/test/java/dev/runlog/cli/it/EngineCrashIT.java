package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.SideEffects;
import dev.runlog.engine.it.TestCluster;
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
    Job<Order> job =
        Job.define(
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
