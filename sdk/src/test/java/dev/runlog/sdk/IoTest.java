package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.run.ErrorInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IoTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  record Profile(String name, int stars) {}

  /** Records what a worker would append; can be told to stop at the next boundary. */
  private static final class RecordingSteps implements Io.Steps {
    final List<String> appended = new ArrayList<>();
    Suspension.Reason stopAtBoundary;

    @Override
    public void taskCompleted(String key, String outputJson, Instant startedAt, int attempt) {
      appended.add("completed " + key + "=" + outputJson + " #" + attempt);
    }

    @Override
    public void taskFailed(
        String key, ErrorInfo error, int attempt, Instant startedAt, Instant retryAt) {
      appended.add(
          "failed "
              + key
              + ":"
              + error.message()
              + " #"
              + attempt
              + (retryAt == null ? "" : " retry at " + retryAt));
    }

    @Override
    public void waitRequested(String key, Instant until) {
      appended.add("wait " + key + " until " + until);
    }

    @Override
    public void boundary() {
      if (stopAtBoundary != null) {
        appended.add("stopped: " + stopAtBoundary);
        throw new Suspension(stopAtBoundary);
      }
    }

    @Override
    public void checkCanceled() {}

    @Override
    public void taskStarting(String key) {}

    @Override
    public void taskEnded() {}

    @Override
    public void log(String level, String message, String fieldsJson, String key) {
      appended.add(
          "log "
              + key
              + " "
              + level
              + " "
              + message
              + (fieldsJson == null ? "" : " " + fieldsJson));
    }
  }

  private final RecordingSteps steps = new RecordingSteps();

  private Io io(
      Map<String, String> completed,
      Map<String, TaskSnapshot> attempted,
      Map<String, Boolean> waits,
      RetryPolicy retry) {
    return new Io(
        new HashMap<>(completed), attempted, new HashMap<>(waits), steps, retry, CLOCK, () -> 0.0);
  }

  private Io io() {
    return io(Map.of(), Map.of(), Map.of(), RetryPolicy.none());
  }

  @Test
  void aNewTaskRunsAndIsAppendedBeforeItReturns() {
    Profile p = io().runTask("profile", () -> new Profile("ada", 3));
    assertEquals(new Profile("ada", 3), p);
    assertEquals(List.of("completed profile={\"name\":\"ada\",\"stars\":3} #1"), steps.appended);
  }

  @Test
  void aCompletedTaskReturnsItsStoredOutputWithoutRunning() {
    AtomicInteger calls = new AtomicInteger();
    Io io =
        io(
            Map.of("profile", "{\"name\":\"ada\",\"stars\":3}"),
            Map.of(),
            Map.of(),
            RetryPolicy.none());
    Profile p =
        io.runTask(
            "profile",
            () -> {
              calls.incrementAndGet();
              return new Profile("other", 0);
            });
    assertEquals(new Profile("ada", 3), p, "the output type is inferred from the assignment");
    assertEquals(0, calls.get());
    assertTrue(steps.appended.isEmpty());
  }

  @Test
  void theSameKeyTwiceRunsOnce() {
    AtomicInteger calls = new AtomicInteger();
    Io io = io();
    Integer first = io.runTask("count", calls::incrementAndGet);
    Integer second = io.runTask("count", calls::incrementAndGet);
    assertEquals(1, first);
    assertEquals(1, second);
    assertEquals(1, calls.get());
  }

  @Test
  void genericOutputsReplayWithTheirDeclaredType() {
    Io io =
        io(
            Map.of("list", "[{\"name\":\"a\",\"stars\":1}]"),
            Map.of(),
            Map.of(),
            RetryPolicy.none());
    List<Profile> profiles =
        io.runTask("list", new TypeReference<List<Profile>>() {}.getType(), List::of);
    assertEquals(List.of(new Profile("a", 1)), profiles);
  }

  @Test
  void aTaskThatThrowsWithNoRetryLeftFailsWithItsKey() {
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class,
            () ->
                io().runTask(
                        "charge",
                        () -> {
                          throw new IllegalStateException("card declined");
                        }));
    assertEquals("charge", e.key());
    assertEquals("task 'charge' failed: card declined", e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(List.of("failed charge:card declined #1"), steps.appended);
  }

  @Test
  void aFailureWithARetryLeftRecordsWhenAndSuspends() {
    RetryPolicy policy =
        RetryPolicy.exponential(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
    Suspension s =
        assertThrows(
            Suspension.class,
            () ->
                io(Map.of(), Map.of(), Map.of(), policy)
                    .runTask(
                        "fetch",
                        () -> {
                          throw new IllegalStateException("503");
                        }));
    assertEquals(Suspension.Reason.WAITING, s.reason());
    assertEquals(List.of("failed fetch:503 #1 retry at " + NOW.plusSeconds(1)), steps.appended);
  }

  @Test
  void theNextAttemptCountsFromTheAttemptsBefore() {
    RetryPolicy policy =
        RetryPolicy.exponential(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
    Map<String, TaskSnapshot> before =
        Map.of("fetch", new TaskSnapshot("fetch", false, null, 1, ErrorInfo.of("E", "503")));
    assertThrows(
        Suspension.class,
        () ->
            io(Map.of(), before, Map.of(), policy)
                .runTask(
                    "fetch",
                    () -> {
                      throw new IllegalStateException("503");
                    }));
    assertEquals(List.of("failed fetch:503 #2 retry at " + NOW.plusSeconds(2)), steps.appended);
    steps.appended.clear();
    Map<String, TaskSnapshot> twice =
        Map.of("fetch", new TaskSnapshot("fetch", false, null, 2, ErrorInfo.of("E", "503")));
    assertEquals("ok", io(Map.of(), twice, Map.of(), policy).runTask("fetch", () -> "ok"));
    assertEquals(List.of("completed fetch=\"ok\" #3"), steps.appended);
  }

  @Test
  void aTaskThatFailedForGoodBeforeFailsAgainWithoutRunning() {
    Map<String, TaskSnapshot> exhausted =
        Map.of("fetch", new TaskSnapshot("fetch", false, null, 1, ErrorInfo.of("E", "gone")));
    AtomicInteger calls = new AtomicInteger();
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class,
            () ->
                io(Map.of(), exhausted, Map.of(), RetryPolicy.none())
                    .runTask("fetch", calls::incrementAndGet));
    assertEquals("task 'fetch' failed: gone", e.getMessage());
    assertEquals(0, calls.get());
  }

  @Test
  void aNewWaitIsRequestedAndSuspendsAnElapsedOneReturns() {
    Suspension s = assertThrows(Suspension.class, () -> io().wait("pause", Duration.ofSeconds(30)));
    assertEquals(Suspension.Reason.WAITING, s.reason());
    assertEquals(List.of("wait pause until " + NOW.plusSeconds(30)), steps.appended);
    steps.appended.clear();
    io(Map.of(), Map.of(), Map.of("pause", true), RetryPolicy.none())
        .wait("pause", Duration.ofSeconds(30));
    assertTrue(steps.appended.isEmpty());
  }

  @Test
  void aWaitUntilThePastReturnsAtOnce() {
    io().waitUntil("gone", NOW.minusSeconds(1));
    assertTrue(steps.appended.isEmpty());
  }

  @Test
  void aBoundaryStopsBeforeANewTaskButNotBeforeAReplayedOne() {
    steps.stopAtBoundary = Suspension.Reason.YIELDED;
    Io io = io(Map.of("done", "1"), Map.of(), Map.of(), RetryPolicy.none());
    assertEquals(Integer.valueOf(1), io.runTask("done", () -> 2));
    Suspension s = assertThrows(Suspension.class, () -> io.runTask("new", () -> 3));
    assertEquals(Suspension.Reason.YIELDED, s.reason());
  }

  @Test
  void logLinesAreKeyedByWhereTheyAreWrittenAndNotResentWhileReplaying() {
    Io first = io();
    first.logger().info("start", Map.of("n", 1));
    first.runTask("a", () -> 1);
    first.logger().warn("after a");
    assertEquals(
        List.of(
            "log 000000:0000 INFO start {\"n\":1}",
            "completed a=1 #1",
            "log 000001:0000 WARN after a"),
        steps.appended);

    steps.appended.clear();
    Io replay = io(Map.of("a", "1", "b", "2"), Map.of(), Map.of(), RetryPolicy.none());
    replay.logger().info("start", Map.of("n", 1));
    replay.runTask("a", () -> 1);
    replay.logger().warn("after a");
    replay.runTask("b", () -> 2);
    replay.logger().info("after b");
    assertEquals(
        List.of("log 000002:0000 INFO after b"),
        steps.appended,
        "lines before the last known step were kept already");
  }

  @Test
  void keysMustNotBeEmpty() {
    assertThrows(IllegalArgumentException.class, () -> io().runTask("", () -> 1));
    assertThrows(IllegalArgumentException.class, () -> io().wait("", Duration.ofSeconds(1)));
  }

  @Test
  void aNullOutputIsStoredAndReplayedAsNull() {
    Map<String, String> completed = new HashMap<>();
    Io io =
        new Io(completed, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0);
    String none = io.runTask("nothing", () -> null);
    assertEquals(null, none);
    assertEquals("null", completed.get("nothing"));
    String replayed =
        new Io(completed, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0)
            .runTask("nothing", () -> "ran");
    assertEquals(null, replayed);
  }
}
