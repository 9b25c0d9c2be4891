package dev.runlog.sdk.testing;

import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.trigger.TriggerEvent;
import dev.runlog.sdk.Context;
import dev.runlog.sdk.Event;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Playback;
import dev.runlog.sdk.TypeRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run of a {@link JobTest}: its log, as the engine would keep it, and what the test does next.
 * Each resume replays the job from the start against the log, as a worker does, and checks that a
 * task replayed gives the code the same type it gave the first time.
 *
 * <pre>{@code
 * TestRun run = JobTest.of(job).start(new Order("o-1"));
 * assertEquals(new Pending("sleep", "grace period", start.plusSeconds(600)), run.pending().get());
 * run.elapse().replay();                      // the sleep is over; a replay runs nothing again
 * assertEquals(List.of("charge", "mail"), run.tasks());
 * assertEquals("receipt 1", run.result(String.class));
 * }</pre>
 *
 * <p>A wait for an event gets one with {@link #receive(Event)} (or times out with {@link
 * #elapse()}). A child run is not run: {@link #invoked()} lists the children the run started, and a
 * run waiting on one ({@code io.invokeAndWait}) goes on when the test says how it ended, with
 * {@link #childSucceeds} or {@link #childFails} (or {@link #elapse()} for its time-out):
 *
 * <pre>{@code
 * TestRun run = JobTest.of(gallery).start(new Photo("p-1"));
 * assertEquals("resize", run.invoked().get(0).jobId());
 * run.childSucceeds("thumb", new Thumb("p-1-small.jpg")).replay();
 * assertEquals("published p-1-small.jpg", run.result(String.class));
 * }</pre>
 *
 * Anything else the engine would append is given with {@link #resumeWith(RunEventBody)}.
 */
public final class TestRun {
  /** Where a run is. */
  public enum Status {
    /** Waiting for time to pass (a sleep or a retry's back-off): {@link #elapse()} goes on. */
    WAITING,
    SUCCEEDED,
    FAILED
  }

  /**
   * What a waiting run waits for: kind "sleep", "retry", "event" or "child" (for the last two
   * {@code until} is the time-out, null for none).
   */
  public record Pending(String kind, String key, Instant until) {}

  /**
   * A child run the run started ({@code io.invoke} or {@code io.invokeAndWait}), which the harness
   * does not run: the invoke's key, the child's job, its payload (JSON) and the run id it gets.
   */
  public record Invoked(String key, String jobId, String payloadJson, String childRunId) {
    /** The child's payload, read as {@code type}. */
    public <T> T payload(Class<T> type) {
      return Playback.fromJson(payloadJson, type);
    }
  }

  private static final int MAX_RESUMES = 10_000;

  private final Job<?> job;
  private final String payloadJson;
  private final Map<String, Object> eventContext;
  private final List<Job<?>> children;
  private final TestClock clock;
  private final List<RunEventBody> log = new ArrayList<>();
  private final List<TriggerEvent> sent = new ArrayList<>();
  private final List<Invoked> invoked = new ArrayList<>();
  private final Map<String, Object> firstOutputs = new HashMap<>();
  private final Map<String, String> logLines = new LinkedHashMap<>();
  private long executions;
  private Playback.Outcome outcome;
  private final Connections connections;

  TestRun(
      Job<?> job,
      Object payload,
      Instant start,
      Map<String, Object> eventContext,
      List<Job<?>> children,
      Connections connections) {
    this.connections = connections;
    this.job = job;
    this.payloadJson = Playback.toJson(payload);
    this.eventContext = eventContext;
    this.children = children;
    this.clock = new TestClock(start);
  }

  /** Plays the run again from the start against its log, running what the log does not have. */
  TestRun resume() {
    Playback.Result result = play(false);
    for (RunEventBody event : result.appended()) {
      if (event instanceof RunEventBody.LogWritten line) {
        logLines.putIfAbsent(line.key(), line.level() + " " + line.message());
      } else {
        log.add(event);
      }
    }
    sent.addAll(result.sent());
    for (Playback.Invoked child : result.invoked()) {
      invoked.add(new Invoked(child.key(), child.jobId(), child.payloadJson(), child.childRunId()));
      log.add(new RunEventBody.ChildRunCreated(child.key(), child.childRunId(), child.jobId()));
    }
    outcome = result.outcome();
    return this;
  }

  public Status status() {
    if (outcome instanceof Playback.Succeeded) {
      return Status.SUCCEEDED;
    }
    return outcome instanceof Playback.Failed ? Status.FAILED : Status.WAITING;
  }

  /** What a {@link Status#WAITING} run waits for; empty once it has ended. */
  public Optional<Pending> pending() {
    if (status() != Status.WAITING) {
      return Optional.empty();
    }
    Playback.History history = Playback.History.of(log);
    Pending pending = null;
    for (RunEventBody event : log) {
      if (event instanceof RunEventBody.WaitRequested w
          && !Boolean.TRUE.equals(history.sleeps().get(w.key()))) {
        pending = new Pending("sleep", w.key(), w.until());
      } else if (event instanceof RunEventBody.EventWaitRequested w
          && !Boolean.TRUE.equals(history.sleeps().get(w.key()))) {
        pending = new Pending("event", w.key(), w.until());
      } else if (event instanceof RunEventBody.ChildWaitRequested w
          && !Boolean.TRUE.equals(history.sleeps().get(w.key()))) {
        pending = new Pending("child", w.key(), w.until());
      } else if (event instanceof RunEventBody.TaskFailed f
          && f.retryAt() != null
          && !history.completed().containsKey(f.key())) {
        pending = new Pending("retry", f.key(), f.retryAt());
      }
    }
    return Optional.ofNullable(pending);
  }

  /**
   * Moves time to the end of what the run waits for (a sleep, a retry's back-off, the time-out of a
   * wait for an event or a child) and resumes it, as the engine would when the timer fires.
   *
   * @throws IllegalStateException when the run is not waiting for time
   */
  public TestRun elapse() {
    Pending pending =
        pending()
            .orElseThrow(
                () -> new IllegalStateException("the run is " + status() + ", not waiting"));
    if (pending.until() == null) {
      throw new IllegalStateException(
          "the run waits for "
              + pending.kind()
              + " '"
              + pending.key()
              + "' without a time-out: "
              + (pending.kind().equals("child")
                  ? "end the child with childSucceeds or childFails"
                  : "give it one with receive(event)"));
    }
    clock.moveTo(pending.until());
    if (!pending.kind().equals("retry")) { // a sleep is over, a wait for an event timed out
      log.add(new RunEventBody.WaitElapsed(pending.key()));
    }
    return resume();
  }

  /** Elapses every sleep and retry until the run ends. */
  public TestRun runToEnd() {
    for (int i = 0; status() == Status.WAITING; i++) {
      if (i == MAX_RESUMES) {
        throw new AssertionError("the run still waits after " + MAX_RESUMES + " resumes");
      }
      elapse();
    }
    return this;
  }

  /**
   * Sends {@code event} to the run as the engine would: if the run waits for an event of its name
   * whose filter its payload and context match, the wait gets it and the run resumes.
   *
   * @throws IllegalStateException when the run waits for no such event
   */
  public TestRun receive(Event event) {
    Pending pending = pending().orElse(null);
    for (RunEventBody entry : log) {
      if (entry instanceof RunEventBody.EventWaitRequested w
          && pending != null
          && pending.kind().equals("event")
          && w.key().equals(pending.key())
          && w.eventName().equals(event.name())
          && EventMatch.matches(w.filter(), event)) {
        return resumeWith(
            new RunEventBody.WaitResolved(w.key(), EventMatch.result(event, clock.instant())));
      }
    }
    throw new IllegalStateException("the run waits for no such event; it waits for " + pending);
  }

  /**
   * Ends the child run the run waits on under invoke {@code key} with SUCCESS and {@code output},
   * as the engine tells a parent, and resumes the run: {@code invokeAndWait} returns the output.
   *
   * @throws IllegalStateException when the run does not wait on a child under that key
   */
  public TestRun childSucceeds(String key, Object output) {
    ChildResult end =
        new ChildResult(awaitedChild(key), ChildResult.SUCCESS, Playback.toJson(output), null);
    return resumeWith(new RunEventBody.WaitResolved(key, end.toJson()));
  }

  /**
   * Ends the child run the run waits on under invoke {@code key} otherwise than with SUCCESS and
   * resumes the run: {@code invokeAndWait} throws a {@code ChildRunFailedException} with that
   * {@code status()} ({@code FAILURE}, {@code CANCELED}, {@code TIMED_OUT}, {@code
   * INVALID_PAYLOAD}, {@code UNKNOWN_JOB}) and an {@code error()} of type {@code status}.
   *
   * @throws IllegalStateException when the run does not wait on a child under that key
   */
  public TestRun childFails(String key, String status, String message) {
    if (status == null || status.equals(ChildResult.SUCCESS)) {
      throw new IllegalArgumentException(
          "a failed child needs a status other than SUCCESS: " + status);
    }
    ChildResult end =
        new ChildResult(awaitedChild(key), status, null, ErrorInfo.of(status, message));
    return resumeWith(new RunEventBody.WaitResolved(key, end.toJson()));
  }

  /**
   * Appends {@code event} as the engine would (for example a {@code WaitElapsed}) and resumes the
   * run: how a test completes what the run waits for beyond time.
   */
  public TestRun resumeWith(RunEventBody event) {
    log.add(event);
    return resume();
  }

  /**
   * Replays the run from the start against its log without running anything new, and fails unless
   * the replay ran no task, sent no event, started no child run, ended as before, and gave the code
   * the same type from each task as the first execution did.
   */
  public TestRun replay() {
    Playback.Result result = play(true);
    List<RunEventBody> steps =
        result.appended().stream().filter(e -> !(e instanceof RunEventBody.LogWritten)).toList();
    if (!steps.isEmpty() || !result.sent().isEmpty() || !result.invoked().isEmpty()) {
      throw new AssertionError(
          "a replay ran steps again: "
              + steps
              + (result.sent().isEmpty() ? "" : " sent " + result.sent())
              + (result.invoked().isEmpty() ? "" : " invoked " + result.invoked()));
    }
    if (status() != Status.WAITING && !sameEnd(outcome, result.outcome())) {
      throw new AssertionError(
          "the run ended " + describe(outcome) + ", its replay " + describe(result.outcome()));
    }
    return this;
  }

  /**
   * The keys of the completed tasks, in the order they completed; the start of a child run is
   * stored as a task but listed in {@link #invoked()} instead.
   */
  public List<String> tasks() {
    List<String> invokes = invoked.stream().map(Invoked::key).toList();
    return log.stream()
        .filter(e -> e instanceof RunEventBody.TaskCompleted)
        .map(e -> ((RunEventBody.TaskCompleted) e).key())
        .filter(key -> !invokes.contains(key))
        .toList();
  }

  /** The stored output of task {@code key}, read as {@code type}. */
  public <T> T output(String key, Class<T> type) {
    return Playback.fromJson(storedOutput(key), type);
  }

  /** The stored output of task {@code key}, read as a generic type. */
  public <T> T output(String key, TypeRef<T> type) {
    return Playback.fromJson(storedOutput(key), type.type());
  }

  /** The run's output, read as {@code type}. */
  public <T> T result(Class<T> type) {
    if (!(outcome instanceof Playback.Succeeded succeeded)) {
      throw new IllegalStateException("the run is " + status() + ": " + describe(outcome));
    }
    return Playback.fromJson(succeeded.outputJson(), type);
  }

  /** What the run failed with. */
  public Throwable error() {
    if (!(outcome instanceof Playback.Failed failed)) {
      throw new IllegalStateException("the run is " + status() + ", not FAILED");
    }
    return failed.error();
  }

  /** The events the run sent, in order. */
  public List<TriggerEvent> sentEvents() {
    return List.copyOf(sent);
  }

  /** The child runs the run started, in order, each once however often replays asked. */
  public List<Invoked> invoked() {
    return List.copyOf(invoked);
  }

  /** Its log lines, "LEVEL message", each kept once however often replays wrote it. */
  public List<String> logLines() {
    return List.copyOf(logLines.values());
  }

  /** The run's log as the engine would have it (without log lines). */
  public List<RunEventBody> log() {
    return List.copyOf(log);
  }

  /** The run's time now: it moves only when the test elapses a wait. */
  public Instant now() {
    return clock.instant();
  }

  private Playback.Result play(boolean check) {
    executions++;
    Context context =
        new Context(
            "run_test",
            job.id(),
            job.version(),
            "evt_test",
            job.eventName(),
            JobTest.DEFAULT_START,
            eventContext,
            "test",
            "default",
            executions);
    Playback.Result result =
        Playback.play(
            job,
            payloadJson,
            context,
            Playback.History.of(log),
            clock,
            check,
            children,
            connections.byKey(),
            connections.settings());
    checkTypes(result.returned());
    return result;
  }

  private void checkTypes(Map<String, Object> returned) {
    returned.forEach(
        (key, value) -> {
          if (!firstOutputs.containsKey(key)) {
            firstOutputs.put(key, value);
            return;
          }
          String difference = Shapes.difference(firstOutputs.get(key), value);
          if (difference != null) {
            throw new AssertionError(
                "task '"
                    + key
                    + "' gives the code other types on a replay ("
                    + difference
                    + "): declare its output type (Profile.class, or a TypeRef such as new"
                    + " TypeRef<List<Profile>>() {} for a generic type), not a supertype");
          }
        });
  }

  private String awaitedChild(String key) {
    Pending pending = pending().orElse(null);
    if (pending != null && pending.kind().equals("child") && pending.key().equals(key)) {
      for (RunEventBody event : log) {
        if (event instanceof RunEventBody.ChildWaitRequested w && w.key().equals(key)) {
          return w.childRunId();
        }
      }
    }
    throw new IllegalStateException(
        "the run waits on no child under '" + key + "'; it waits for " + pending);
  }

  private String storedOutput(String key) {
    for (RunEventBody event : log) {
      if (event instanceof RunEventBody.TaskCompleted c && c.key().equals(key)) {
        return c.output();
      }
    }
    throw new IllegalArgumentException("no task '" + key + "' completed; completed: " + tasks());
  }

  private static boolean sameEnd(Playback.Outcome a, Playback.Outcome b) {
    if (a instanceof Playback.Succeeded x && b instanceof Playback.Succeeded y) {
      return x.outputJson().equals(y.outputJson());
    }
    return a instanceof Playback.Failed && b instanceof Playback.Failed;
  }

  private static String describe(Playback.Outcome outcome) {
    if (outcome instanceof Playback.Succeeded s) {
      return "with output " + s.outputJson();
    }
    if (outcome instanceof Playback.Failed f) {
      return "failing: " + f.error();
    }
    return "waiting";
  }
}
