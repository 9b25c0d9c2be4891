package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waits, retries, slices and time-outs on a real broker, across an engine restart. */
class DurableRunsIT extends OnRealBroker {

  @Test
  void aWaitSurvivesAnEngineRestartInItsMiddle() {
    AtomicInteger before = new AtomicInteger();
    AtomicInteger after = new AtomicInteger();
    Job<Order> job =
        Job.define(
            "pause",
            "pause.please",
            Order.class,
            (order, io, ctx) -> {
              io.runTask("before", Integer.class, before::incrementAndGet);
              io.sleep("two seconds", Duration.ofSeconds(2));
              return io.runTask("after", Integer.class, after::incrementAndGet);
            });
    String runId;
    try (Worker worker = Worker.start(cluster.worker("restart", "w"), List.of(job));
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "restart", Map.of())) {
      try (RunlogEngine engine = cluster.engine("restart")) {
        Api api = new Api(engine.url());
        api.awaitJob("pause");
        String eventId = client.send("pause.please", new Order("x"));
        runId = api.awaitRunOfEvent(eventId, "WAITING").path("id").asText();
      }
      try (RunlogEngine again = cluster.engine("restart")) {
        JsonNode run =
            new Api(again.url())
                .await(
                    "/api/runs/" + runId, a -> "SUCCESS".equals(a.body().path("status").asText()));
        assertEquals(1, run.path("output").asInt());
        JsonNode wait = run.path("waits").get(0);
        assertEquals("two seconds", wait.path("key").asText());
        assertTrue(wait.path("elapsed").asBoolean());
      }
    }
    assertEquals(1, before.get());
    assertEquals(1, after.get());
    List<RunEvent> log = cluster.events("restart", runId);
    Instant requested =
        log.stream()
            .filter(e -> e.body() instanceof RunEventBody.WaitRequested)
            .findFirst()
            .orElseThrow()
            .timestamp();
    Instant resumed =
        log.stream()
            .filter(e -> e.body() instanceof RunEventBody.WaitElapsed)
            .findFirst()
            .orElseThrow()
            .timestamp();
    assertFalse(
        resumed.isBefore(requested.plusSeconds(2)),
        "the wait elapsed early: " + requested + " -> " + resumed);
  }

  @Test
  void aTaskFailingTwiceSucceedsOnItsThirdAttemptWithTheBackOffOfItsPolicy() {
    RetryPolicy policy =
        RetryPolicy.exponential(3, Duration.ofMillis(300), 2.0, Duration.ofSeconds(5));
    AtomicInteger attempts = new AtomicInteger();
    Job<Order> job =
        Job.define(
            "flaky",
            "flaky.call",
            Order.class,
            (order, io, ctx) ->
                io.runTask(
                    "call",
                    String.class,
                    policy,
                    () -> {
                      if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("503 on attempt " + attempts.get());
                      }
                      return "ok after " + attempts.get();
                    }));
    try (RunlogEngine engine = cluster.engine("retry");
        Worker worker = Worker.start(cluster.worker("retry", "w"), List.of(job));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "retry", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("flaky");
      JsonNode run = api.awaitRunOfEvent(client.send("flaky.call", new Order("x")), "SUCCESS");
      assertEquals("ok after 3", run.path("output").asText());
      JsonNode task = run.path("tasks").get(0);
      assertEquals(3, task.path("attempts").asInt());
      assertEquals("COMPLETED", task.path("status").asText());

      List<RunEvent> log = cluster.events("retry", run.path("id").asText());
      List<RunEventBody.TaskFailed> failures =
          log.stream()
              .map(RunEvent::body)
              .filter(b -> b instanceof RunEventBody.TaskFailed)
              .map(b -> (RunEventBody.TaskFailed) b)
              .toList();
      List<Instant> failedAt =
          log.stream()
              .filter(e -> e.body() instanceof RunEventBody.TaskFailed)
              .map(RunEvent::timestamp)
              .toList();
      RunEventBody.TaskCompleted done =
          log.stream()
              .map(RunEvent::body)
              .filter(b -> b instanceof RunEventBody.TaskCompleted)
              .map(b -> (RunEventBody.TaskCompleted) b)
              .findFirst()
              .orElseThrow();
      assertEquals(List.of(1, 2), failures.stream().map(RunEventBody.TaskFailed::attempt).toList());
      for (int i = 0; i < 2; i++) {
        Duration delay = policy.delayAfter(i + 1, 0);
        RunEventBody.TaskFailed f = failures.get(i);
        assertFalse(
            f.retryAt().isBefore(f.startedAt().plus(delay)), "retry " + (i + 1) + " due too early");
        assertFalse(
            f.retryAt().isAfter(failedAt.get(i).plus(delay)),
            "retry " + (i + 1) + " due later than its policy says");
      }
      assertFalse(
          failures.get(1).startedAt().isBefore(failures.get(0).retryAt()),
          "attempt 2 started before it was due");
      assertFalse(
          done.startedAt().isBefore(failures.get(1).retryAt()),
          "attempt 3 started before it was due");
      assertEquals(3, done.attempt());
    }
  }

  @Test
  void exhaustedRetriesFailTheRunUnlessCaught() {
    Job<Order> job =
        Job.define(
            "hopeless",
            "hopeless.call",
            Order.class,
            (order, io, ctx) -> {
              String fallback;
              try {
                fallback =
                    io.runTask(
                        "first",
                        String.class,
                        RetryPolicy.exponential(2, Duration.ofMillis(50), 1, Duration.ofMillis(50)),
                        () -> {
                          throw new IllegalStateException("down");
                        });
              } catch (dev.runlog.sdk.TaskFailedException e) {
                fallback = "caught: " + e.getMessage();
              }
              String caught = fallback;
              io.runTask(
                  "second",
                  () -> {
                    throw new IllegalArgumentException("still down after " + caught);
                  });
              return "unreachable";
            });
    try (RunlogEngine engine = cluster.engine("exhausted");
        Worker worker = Worker.start(cluster.worker("exhausted", "w"), List.of(job));
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "exhausted", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("hopeless");
      JsonNode run = api.awaitRunOfEvent(client.send("hopeless.call", new Order("x")), "FAILURE");
      assertEquals(
          "task 'second' failed: still down after caught: task 'first' failed: down",
          run.path("error").path("message").asText());
      assertEquals(2, run.path("tasks").get(0).path("attempts").asInt());
      assertEquals("FAILED", run.path("tasks").get(0).path("status").asText());
    }
  }

  @Test
  void aRunPastItsSliceYieldsAndResumesWithoutRunningCompletedTasksAgain() {
    AtomicInteger calls = new AtomicInteger();
    Job<Order> job =
        Job.define(
                "sliced",
                "sliced.run",
                Order.class,
                (order, io, ctx) -> {
                  int sum = 0;
                  for (int i = 0; i < 5; i++) {
                    sum += io.runTask("step-" + i, Integer.class, calls::incrementAndGet);
                  }
                  return sum;
                })
            .slice(Duration.ofMillis(1));
    try (RunlogEngine engine = cluster.engine("slices");
        Worker worker = Worker.start(cluster.worker("slices", "w"), List.of(job));
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "slices", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("sliced");
      JsonNode run = api.awaitRunOfEvent(client.send("sliced.run", new Order("x")), "SUCCESS");
      assertEquals(5, calls.get(), "each task ran once");
      assertEquals(15, run.path("output").asInt());
      long yields =
          cluster.events("slices", run.path("id").asText()).stream()
              .filter(e -> e.body() instanceof RunEventBody.ExecutionYielded)
              .count();
      assertTrue(yields >= 1, "the run never yielded");
      assertTrue(run.path("execution").asInt() > 1);
    }
  }

  @Test
  void aRunLongerThanItsMaximumDurationIsTimedOut() {
    Job<Order> job =
        Job.define(
                "slowpoke",
                "slow.run",
                Order.class,
                (order, io, ctx) -> {
                  io.sleep("too long", Duration.ofMinutes(10));
                  return "never";
                })
            .maxDuration(Duration.ofSeconds(1));
    try (RunlogEngine engine = cluster.engine("timeout");
        Worker worker = Worker.start(cluster.worker("timeout", "w"), List.of(job));
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "timeout", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("slowpoke");
      JsonNode run = api.awaitRunOfEvent(client.send("slow.run", new Order("x")), "TIMED_OUT");
      assertTrue(run.path("error").path("message").asText().contains("maximum duration"));
    }
  }
}
