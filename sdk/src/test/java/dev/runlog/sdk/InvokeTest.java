package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** io.invoke and io.invokeAndWait, replayed as a worker replays them, without Kafka. */
class InvokeTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  record Thumb(int width) {}

  private final List<String> appended = new ArrayList<>();
  private String refuse;

  private final RunSteps steps =
      new RunSteps() {
        @Override
        public void taskCompleted(String key, String outputJson, Instant startedAt, int attempt) {
          appended.add("completed " + key + "=" + outputJson);
        }

        @Override
        public void taskFailed(
            String key, ErrorInfo error, int attempt, Instant startedAt, Instant retryAt) {
          appended.add(
              "failed " + key + ": " + error.message() + (retryAt == null ? "" : " retry"));
        }

        @Override
        public void waitRequested(String key, Instant until) {}

        @Override
        public String invoke(String key, String jobId, String payloadJson) {
          if (refuse != null) {
            throw new IllegalArgumentException(refuse);
          }
          appended.add("invoke " + jobId + " " + payloadJson);
          return "run_child";
        }

        @Override
        public void childWaitRequested(String key, String childRunId, Instant until) {
          appended.add("wait " + key + " for " + childRunId + " until " + until);
        }

        @Override
        public void boundary() {}

        @Override
        public void checkCanceled() {}

        @Override
        public void taskStarting(String key) {}

        @Override
        public void taskEnded() {}

        @Override
        public void log(String level, String message, String fieldsJson, String key) {}

        @Override
        public void sendEvent(TriggerEvent event) {}
      };

  private Io io(Map<String, String> completed, Map<String, Boolean> waits, Map<String, String> r) {
    return new Io(
        new HashMap<>(completed),
        Map.of(),
        new HashMap<>(waits),
        r,
        steps,
        RetryPolicy.exponential(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(5)),
        CLOCK,
        () -> 0.0,
        IoTest.CONTEXT);
  }

  @Test
  void anInvokeStartsTheChildOnceAndReplaysItsRunId() {
    assertEquals(
        "run_child", io(Map.of(), Map.of(), Map.of()).invoke("t", "resize", Map.of("w", 1)));
    assertEquals(List.of("invoke resize {\"w\":1}", "completed t=\"run_child\""), appended);
    appended.clear();
    String replayed =
        io(Map.of("t", "\"run_child\""), Map.of(), Map.of()).invoke("t", "resize", Map.of());
    assertEquals("run_child", replayed);
    assertTrue(appended.isEmpty(), "no second child");
  }

  @Test
  void invokeAndWaitWaitsThenGivesTheChildsTypedOutput() {
    assertThrows(
        Suspension.class,
        () ->
            io(Map.of(), Map.of(), Map.of())
                .invokeAndWait("t", "resize", 1, Duration.ofMinutes(1), Thumb.class));
    assertEquals(
        "wait t for run_child until " + NOW.plusSeconds(60), appended.get(appended.size() - 1));

    String ok = new ChildResult("run_child", "SUCCESS", "{\"width\":64}", null).toJson();
    String list = new ChildResult("run_child", "SUCCESS", "[{\"width\":64}]", null).toJson();
    Thumb thumb =
        io(Map.of("t", "\"run_child\""), Map.of("t", true), Map.of("t", ok))
            .invokeAndWait("t", "resize", 1, Duration.ofMinutes(1), Thumb.class);
    assertEquals(new Thumb(64), thumb);

    List<Thumb> thumbs =
        io(Map.of("t", "\"run_child\""), Map.of("t", true), Map.of("t", list))
            .invokeAndWait("t", "resize", 1, null, new TypeRef<List<Thumb>>() {});
    assertEquals(List.of(new Thumb(64)), thumbs, "a generic output keeps its element type");
  }

  @Test
  void aChildThatDidNotSucceedIsATypedFailureTheParentCanCatch() {
    String failed =
        new ChildResult("run_child", "FAILURE", null, ErrorInfo.of("E", "no such image")).toJson();
    ChildRunFailedException e =
        assertThrows(
            ChildRunFailedException.class,
            () ->
                io(Map.of("t", "\"run_child\""), Map.of("t", true), Map.of("t", failed))
                    .invokeAndWait("t", "resize", 1, null, Thumb.class));
    assertEquals("FAILURE", e.status());
    assertEquals("run_child", e.childRunId());
    assertEquals("no such image", e.error().message());
  }

  @Test
  void aWaitThatTimedOutIsTold() {
    ChildRunTimeoutException e =
        assertThrows(
            ChildRunTimeoutException.class,
            () ->
                io(Map.of("t", "\"run_child\""), Map.of("t", true), Map.of())
                    .invokeAndWait("t", "resize", 1, Duration.ofSeconds(5), Thumb.class));
    assertNull(e.status(), "not known: the child may still run");
  }

  @Test
  void anUnknownJobFailsTheInvokeTaskAtOnceWithItsReason() {
    refuse = "job 'nope' is not registered";
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class,
            () -> io(Map.of(), Map.of(), Map.of()).invoke("t", "nope", 1));
    assertEquals("task 't' failed: job 'nope' is not registered", e.getMessage());
    assertEquals(List.of("failed t: job 'nope' is not registered"), appended, "not retried");
  }
}
