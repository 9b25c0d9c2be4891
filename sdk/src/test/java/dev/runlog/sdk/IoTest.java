package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.limits.RecordLimits;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IoTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final Context CONTEXT =
      new Context("run_1", "job", "1", "evt_1", "demo", NOW, Map.of(), "dev", "default", 1);

  record Profile(String name, int stars) {}

  /** Records what a worker would append; can be told to stop at the next boundary. */
  private static final class RecordingSteps implements RunSteps {
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
    public void sendEvent(TriggerEvent event) {
      appended.add(
          "event "
              + event.id()
              + " "
              + event.name()
              + " "
              + event.payload()
              + (event.deliverAt() == null ? "" : " at " + event.deliverAt()));
    }

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
        new HashMap<>(completed),
        attempted,
        new HashMap<>(waits),
        steps,
        retry,
        CLOCK,
        () -> 0.0,
        CONTEXT);
  }

  private Io io() {
    return io(Map.of(), Map.of(), Map.of(), RetryPolicy.none());
  }

  @Test
  void aNewTaskRunsAndIsAppendedBeforeItReturns() {
    Profile p = io().runTask("profile", Profile.class, () -> new Profile("ada", 3));
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
            Profile.class,
            () -> {
              calls.incrementAndGet();
              return new Profile("other", 0);
            });
    assertEquals(new Profile("ada", 3), p, "the stored output is read as the type given");
    assertEquals(0, calls.get());
    assertTrue(steps.appended.isEmpty());
  }

  @Test
  void anOutputLargerThanTheLimitFailsTheTaskForGoodInsteadOfBeingAppended() {
    AtomicInteger calls = new AtomicInteger();
    Io io =
        io(
            Map.of(),
            Map.of(),
            Map.of(),
            RetryPolicy.exponential(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(10)));
    String huge = "é".repeat(RecordLimits.USER_VALUE_BYTES / 2); // 2 bytes a character in UTF-8
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class,
            () ->
                io.runTask(
                    "export",
                    String.class,
                    () -> {
                      calls.incrementAndGet();
                      return huge;
                    }));
    assertEquals("export", e.key());
    assertEquals(1, steps.appended.size());
    assertTrue(
        steps.appended.get(0).startsWith("failed export:task 'export' returned 1000004 bytes"),
        steps.appended.get(0));
    assertTrue(!steps.appended.get(0).contains("retry at"), "not retried: it would fail again");
    assertThrows(TaskFailedException.class, () -> io.runTask("export", String.class, () -> huge));
    assertEquals(1, calls.get(), "failed for good: not run again");

    ErrorInfo recorded = ErrorInfo.of("OutputTooLarge", "task 'export' returned 1000004 bytes");
    Io replay =
        io(
            Map.of(),
            Map.of("export", TaskSnapshot.failed("export", 1, recorded, true)),
            Map.of(),
            RetryPolicy.exponential(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(10)));
    assertThrows(
        TaskFailedException.class, () -> replay.runTask("export", String.class, () -> huge));
    assertEquals(1, calls.get(), "nor in a replay, though its retry policy has attempts left");
  }

  @Test
  void anOutputIsCountedAsJsonTextWhereEachQuoteTakesTwoBytes() {
    List<String> empties = java.util.Collections.nCopies(200_000, ""); // ["","",...]: 600,001 bytes
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class,
            () -> io().runTask("quotes", new TypeRef<List<String>>() {}, () -> empties));
    assertTrue(steps.appended.get(0).contains("returned 1000001 bytes"), steps.appended.get(0));
  }

  @Test
  void aKeyLongerThanAKeyMayBeIsRefusedBeforeTheTaskRuns() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> io().runTask("k".repeat(1_001), String.class, () -> "ran"));
    assertTrue(e.getMessage().contains("longer than the 1000"), e.getMessage());
    assertTrue(steps.appended.isEmpty());
  }

  @Test
  void theSameKeyTwiceRunsOnce() {
    AtomicInteger calls = new AtomicInteger();
    Io io = io();
    Integer first = io.runTask("count", Integer.class, calls::incrementAndGet);
    Integer second = io.runTask("count", Integer.class, calls::incrementAndGet);
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
    List<Profile> profiles = io.runTask("list", new TypeRef<List<Profile>>() {}, List::of);
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
        Map.of("fetch", TaskSnapshot.failed("fetch", 1, ErrorInfo.of("E", "503"), false));
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
        Map.of("fetch", TaskSnapshot.failed("fetch", 2, ErrorInfo.of("E", "503"), false));
    assertEquals(
        "ok", io(Map.of(), twice, Map.of(), policy).runTask("fetch", String.class, () -> "ok"));
    assertEquals(List.of("completed fetch=\"ok\" #3"), steps.appended);
  }

  @Test
  void aTaskThatFailedForGoodBeforeFailsAgainWithoutRunning() {
    Map<String, TaskSnapshot> exhausted =
        Map.of("fetch", TaskSnapshot.failed("fetch", 1, ErrorInfo.of("E", "gone"), false));
    AtomicInteger calls = new AtomicInteger();
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class,
            () ->
                io(Map.of(), exhausted, Map.of(), RetryPolicy.none())
                    .runTask("fetch", Integer.class, calls::incrementAndGet));
    assertEquals("task 'fetch' failed: gone", e.getMessage());
    assertEquals(0, calls.get());
  }

  @Test
  void aRefusalNoRetryMendsIsNotRunAgainInAReplayThoughThePolicyHasAttemptsLeft() {
    RetryPolicy policy =
        RetryPolicy.exponential(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
    AtomicInteger calls = new AtomicInteger();
    Task<String> refused =
        () -> {
          calls.incrementAndGet();
          throw new IntegrationException("404 no such channel", false);
        };
    assertThrows(
        TaskFailedException.class,
        () -> io(Map.of(), Map.of(), Map.of(), policy).runTask("post", String.class, refused));
    assertEquals(1, calls.get());
    assertTrue(!steps.appended.get(0).contains("retry at"), steps.appended.get(0));

    // the job caught it and went on; the next execution gets the task as the engine recorded it
    Map<String, TaskSnapshot> recorded =
        Map.of(
            "post",
            TaskSnapshot.failed("post", 1, ErrorInfo.of("IntegrationException", "404"), true));
    TaskFailedException again =
        assertThrows(
            TaskFailedException.class,
            () -> io(Map.of(), recorded, Map.of(), policy).runTask("post", String.class, refused));
    assertEquals("task 'post' failed: 404", again.getMessage());
    assertEquals(1, calls.get(), "not called again");
  }

  @Test
  void aNewSleepIsRequestedAndSuspendsAnElapsedOneReturns() {
    Suspension s =
        assertThrows(Suspension.class, () -> io().sleep("pause", Duration.ofSeconds(30)));
    assertEquals(Suspension.Reason.WAITING, s.reason());
    assertEquals(List.of("wait pause until " + NOW.plusSeconds(30)), steps.appended);
    steps.appended.clear();
    io(Map.of(), Map.of(), Map.of("pause", true), RetryPolicy.none())
        .sleep("pause", Duration.ofSeconds(30));
    assertTrue(steps.appended.isEmpty());
  }

  @Test
  void aSleepUntilThePastReturnsAtOnce() {
    io().sleepUntil("gone", NOW.minusSeconds(1));
    assertTrue(steps.appended.isEmpty());
  }

  @Test
  void aBoundaryStopsBeforeANewTaskButNotBeforeAReplayedOne() {
    steps.stopAtBoundary = Suspension.Reason.YIELDED;
    Io io = io(Map.of("done", "1"), Map.of(), Map.of(), RetryPolicy.none());
    assertEquals(Integer.valueOf(1), io.runTask("done", Integer.class, () -> 2));
    Suspension s = assertThrows(Suspension.class, () -> io.runTask("new", Integer.class, () -> 3));
    assertEquals(Suspension.Reason.YIELDED, s.reason());
  }

  @Test
  void logLinesAreKeyedByWhereTheyAreWrittenAndNotResentWhileReplaying() {
    Io first = io();
    first.logger().info("start", Map.of("n", 1));
    first.runTask("a", Integer.class, () -> 1);
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
    replay.runTask("a", Integer.class, () -> 1);
    replay.logger().warn("after a");
    replay.runTask("b", Integer.class, () -> 2);
    replay.logger().info("after b");
    assertEquals(
        List.of("log 000002:0000 INFO after b"),
        steps.appended,
        "lines before the last known step were kept already");
  }

  @Test
  void keysMustNotBeEmpty() {
    assertThrows(IllegalArgumentException.class, () -> io().runTask("", Integer.class, () -> 1));
    assertThrows(IllegalArgumentException.class, () -> io().sleep("", Duration.ofSeconds(1)));
  }

  @Test
  void aNullOutputIsStoredAndReplayedAsNull() {
    Map<String, String> completed = new HashMap<>();
    Io io =
        new Io(
            completed,
            Map.of(),
            new HashMap<>(),
            steps,
            RetryPolicy.none(),
            CLOCK,
            () -> 0.0,
            CONTEXT);
    String none = io.runTask("nothing", String.class, () -> null);
    assertEquals(null, none);
    assertEquals("null", completed.get("nothing"));
    String replayed =
        new Io(
                completed,
                Map.of(),
                new HashMap<>(),
                steps,
                RetryPolicy.none(),
                CLOCK,
                () -> 0.0,
                CONTEXT)
            .runTask("nothing", String.class, () -> "ran");
    assertEquals(null, replayed);
  }

  record Item(String sku, int quantity) {}

  @Test
  void genericOutputsOfEveryShapeReplayAsTheirDeclaredTypes() {
    Map<String, String> log = new HashMap<>();
    List<Profile> team = List.of(new Profile("ada", 3), new Profile("grace", 5));
    Map<String, Item> cart = Map.of("a", new Item("a", 1), "b", new Item("b", 2));
    Io first =
        new Io(
            log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT);
    first.runTask("team", new TypeRef<List<Profile>>() {}, () -> team);
    first.runTask("cart", new TypeRef<Map<String, Item>>() {}, () -> cart);

    Io replay =
        new Io(
            log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT);
    List<Profile> replayedTeam =
        replay.runTask("team", new TypeRef<List<Profile>>() {}, () -> List.of());
    Map<String, Item> replayedCart =
        replay.runTask("cart", new TypeRef<Map<String, Item>>() {}, () -> Map.of());
    assertEquals(team, replayedTeam);
    assertInstanceOf(Profile.class, replayedTeam.get(0), "a record, not a LinkedHashMap");
    assertEquals(cart, replayedCart);
    assertInstanceOf(Item.class, replayedCart.get("a"));
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aGenericClassIsRefusedBeforeTheTaskRuns() {
    AtomicInteger calls = new AtomicInteger();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                io().runTask(
                        "team",
                        (Class) List.class,
                        () -> {
                          calls.incrementAndGet();
                          return List.of(new Profile("ada", 3));
                        }));
    assertTrue(e.getMessage().contains("new TypeRef<List<...>>() {}"), e.getMessage());
    assertEquals(0, calls.get(), "refused before its side effects");
    assertTrue(steps.appended.isEmpty());
  }

  @Test
  void aVoidTaskRunsOnceAndStoresNull() {
    Map<String, String> log = new HashMap<>();
    AtomicInteger calls = new AtomicInteger();
    Io first =
        new Io(
            log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT);
    first.runTask("notify", () -> calls.incrementAndGet());
    new Io(log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT)
        .runTask("notify", () -> calls.incrementAndGet());
    assertEquals(1, calls.get());
    assertEquals(List.of("completed notify=null #1"), steps.appended);
  }

  @Test
  void aTaskWithItsOwnRetryCountsRetriesAfterTheFirstAttempt() {
    Retry twice = Retry.times(2).withoutJitter();
    Map<String, TaskSnapshot> once =
        Map.of("fetch", TaskSnapshot.failed("fetch", 1, ErrorInfo.of("E", "503"), false));
    assertThrows(
        Suspension.class,
        () ->
            io(Map.of(), once, Map.of(), RetryPolicy.none())
                .runTask(
                    "fetch",
                    twice,
                    () -> {
                      throw new IllegalStateException("503");
                    }));
    assertEquals(List.of("failed fetch:503 #2 retry at " + NOW.plusSeconds(2)), steps.appended);
    steps.appended.clear();
    Map<String, TaskSnapshot> retried =
        Map.of("fetch", TaskSnapshot.failed("fetch", 2, ErrorInfo.of("E", "503"), false));
    assertThrows(
        TaskFailedException.class,
        () ->
            io(Map.of(), retried, Map.of(), RetryPolicy.none())
                .runTask(
                    "fetch",
                    twice,
                    () -> {
                      throw new IllegalStateException("503");
                    }));
    assertEquals(
        List.of("failed fetch:503 #3"), steps.appended, "the second retry of two was the last");
  }

  @Test
  void anEventIsSentOnceWithAnIdFromTheRunAndTheKey() {
    Map<String, String> log = new HashMap<>();
    Io first =
        new Io(
            log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT);
    String id = first.sendEvent("ask", "review.requested", Map.of("pr", 7), Duration.ofMinutes(5));
    assertEquals(StableValues.eventId("run_1", "ask"), id);
    assertEquals(
        List.of(
            "event " + id + " review.requested {\"pr\":7} at " + NOW.plusSeconds(300),
            "completed ask=\"" + id + "\" #1"),
        steps.appended);

    steps.appended.clear();
    String replayed =
        new Io(log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT)
            .sendEvent("ask", "review.requested", Map.of("pr", 7));
    assertEquals(id, replayed);
    assertTrue(steps.appended.isEmpty(), "a replay sends nothing");
    assertEquals(
        id,
        new Io(
                new HashMap<>(),
                Map.of(),
                new HashMap<>(),
                steps,
                RetryPolicy.none(),
                CLOCK,
                () -> 0.0,
                CONTEXT)
            .sendEvent("ask", "review.requested", Map.of("pr", 7)),
        "a send repeated after a crash has the same id, which the engine dedupes");
    assertThrows(
        IllegalArgumentException.class,
        () -> io().sendEvent("mine", Event.of("x", 1).id("chosen")));
  }

  @Test
  void randomUuidAndNowAreTheSameOnReplay() {
    Map<String, String> log = new HashMap<>();
    Io first =
        new Io(
            log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT);
    double r1 = first.random();
    double r2 = first.random();
    java.util.UUID u = first.uuid();
    Instant t = first.now();
    assertTrue(r1 >= 0 && r1 < 1 && r1 != r2);

    Clock later = Clock.offset(CLOCK, Duration.ofHours(1));
    Io replay =
        new Io(
            log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), later, () -> 0.0, CONTEXT);
    assertEquals(r1, replay.random());
    assertEquals(r2, replay.random());
    assertEquals(u, replay.uuid());
    assertEquals(t, replay.now(), "the stored time, not the replay's clock");
    assertEquals(NOW.plusSeconds(3600), replay.now(), "a second now() reads the clock once more");

    Context other =
        new Context("run_2", "job", "1", "evt_2", "demo", NOW, Map.of(), "dev", "default", 1);
    Io otherRun =
        new Io(
            new HashMap<>(),
            Map.of(),
            new HashMap<>(),
            steps,
            RetryPolicy.none(),
            CLOCK,
            () -> 0.0,
            other);
    assertTrue(otherRun.random() != r1, "another run, other values");
  }

  @Test
  void valuesTakenInsideATaskDoNotShiftTheOnesAfterIt() {
    Map<String, String> log = new HashMap<>();
    Io first =
        new Io(
            log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT);
    first.runTask("inside", Double.class, first::random);
    double after = first.random();
    Io replay =
        new Io(
            log, Map.of(), new HashMap<>(), steps, RetryPolicy.none(), CLOCK, () -> 0.0, CONTEXT);
    replay.runTask("inside", Double.class, replay::random); // skipped: its body does not run
    assertEquals(after, replay.random());
  }
}
