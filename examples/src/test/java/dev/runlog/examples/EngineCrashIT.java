package dev.runlog.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.TestCluster;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery contract when the engine is killed under load (a child JVM destroyed with SIGKILL, then
 * started again): no run is lost, no task's output is recorded twice, and no execution is acted on
 * twice — every task's side effect happened exactly once, since no worker died.
 */
class EngineCrashIT {
  private static final int RUNS = 150;
  private static final int TASKS = 5;

  record Order(int n) {}

  @Test
  void anEngineKilledUnderLoadLosesNothingAndDuplicatesNothing(@TempDir Path dir) throws Exception {
    Map<String, AtomicInteger> sideEffects = new ConcurrentHashMap<>();
    AtomicInteger calls = new AtomicInteger();
    Job<Order> job = Job.define("crash", "crash.run", Order.class, (order, io, ctx) -> {
      for (int t = 0; t < TASKS; t++) {
        String key = "t" + t;
        io.runTask(key, () -> {
          sideEffects.computeIfAbsent(ctx.runId() + "/" + key, k -> new AtomicInteger()).incrementAndGet();
          calls.incrementAndGet();
          return order.n() * 10 + key.length();
        });
      }
      return order.n();
    });
    try (TestCluster cluster = new TestCluster()) {
      Engine first = Engine.start(cluster.bootstrapServers(), dir.resolve("state"));
      Worker a = Worker.start(cluster.worker("crash", "a"), List.of(job));
      Worker b = Worker.start(cluster.worker("crash", "b"), List.of(job));
      try (RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "crash", Map.of())) {
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

        Engine second = Engine.start(cluster.bootstrapServers(), dir.resolve("state"));
        try {
          Api api = new Api(second.url());
          api.await("/api/jobs", r -> r.status() == 200 && r.body().path("jobs").size() == 1
              && r.body().path("jobs").get(0).path("counts").path("SUCCESS").asInt() == RUNS);
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
          assertEquals(RUNS * TASKS, sideEffects.size());
          sideEffects.forEach((key, n) -> assertEquals(1, n.get(), key + " ran " + n.get() + " times"));
        } finally {
          second.kill();
        }
      } finally {
        a.close();
        b.close();
      }
    }
  }

  /** {@code ./runlog engine} in a child JVM. */
  private record Engine(Process process, String url) {
    private static final Pattern READY = Pattern.compile("runlog engine is ready: (http://\\S+)/api");

    static Engine start(String bootstrap, Path stateDir) throws Exception {
      Files.createDirectories(stateDir);
      ProcessBuilder builder = new ProcessBuilder(Path.of("..", "runlog").toAbsolutePath().normalize().toString(), "engine",
          "--bootstrap-servers", bootstrap, "-D", "topic.prefix=crash", "-D", "http.port=0", "-D", "partitions=3",
          "-D", "state.dir=" + stateDir, "-D", "kafka.session.timeout.ms=6000", "-D", "kafka.heartbeat.interval.ms=1000");
      builder.environment().put("RUNLOG_SKIP_BUILD", "1");
      builder.redirectError(Files.createTempFile("runlog-engine", ".err").toFile());
      Process process = builder.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) { // ends when the child prints it, or dies
        Matcher m = READY.matcher(line);
        if (m.find()) {
          Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "engine-output");
          drain.setDaemon(true);
          drain.start();
          return new Engine(process, m.group(1));
        }
      }
      process.destroyForcibly();
      throw new AssertionError("the engine child exited before it was ready");
    }

    /** SIGKILL: no shutdown hook, no commit, no farewell. */
    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
