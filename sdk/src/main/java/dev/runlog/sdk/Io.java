package dev.runlog.sdk;

import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.ErrorInfo;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * What a run does durably. Its one rule: <b>side effects go inside {@link #runTask}</b>.
 *
 * <p>A run is replayed from the start whenever it resumes (its worker died, its slice ran out, a
 * wait elapsed, a retry came due). During a replay, {@code runTask} returns the output a task
 * stored the first time and does not call its function again. Tasks are identified by their keys,
 * not by call order, so a key must be unique within a run and stable across replays; calling a key
 * twice runs it once. Waits are keyed the same way.
 *
 * <pre>{@code
 * // good: the charge happens once, whatever the number of replays
 * Receipt r = io.runTask("charge", () -> payments.charge(order));
 *
 * // bad: runs again on every replay
 * payments.charge(order);
 *
 * // in a loop, put the index in the key
 * for (int i = 0; i < 3; i++) {
 *   int n = i;
 *   io.wait("pause-" + n, Duration.ofSeconds(30));
 *   io.runTask("reminder-" + n, () -> slack.post("Reminder " + n));
 * }
 * }</pre>
 */
public final class Io {
  private final Map<String, String> completed;
  private final Map<String, TaskSnapshot> attempted;
  private final Map<String, Boolean> waits;
  private final Map<String, String> waitResults;
  private final Steps steps;
  private final RetryPolicy defaultRetry;
  private final Clock clock;
  private final DoubleSupplier random;
  private final RunLogger logger = new RunLogger(this::log);
  private final int recordedSteps;
  private int stepsPassed;
  private int linesSinceStep;

  Io(
      Map<String, String> completed,
      Map<String, TaskSnapshot> attempted,
      Map<String, Boolean> waits,
      Steps steps,
      RetryPolicy defaultRetry,
      Clock clock,
      DoubleSupplier random) {
    this(completed, attempted, waits, Map.of(), steps, defaultRetry, clock, random);
  }

  /**
   * @param waitResults what waits that are over got (a child run's {@code ChildResult} JSON), by
   *     key
   */
  Io(
      Map<String, String> completed,
      Map<String, TaskSnapshot> attempted,
      Map<String, Boolean> waits,
      Map<String, String> waitResults,
      Steps steps,
      RetryPolicy defaultRetry,
      Clock clock,
      DoubleSupplier random) {
    this.waitResults = waitResults;
    this.completed = completed;
    this.attempted = new HashMap<>(attempted);
    this.waits = waits;
    this.steps = steps;
    this.defaultRetry = defaultRetry;
    this.clock = clock;
    this.random = random;
    this.recordedSteps = completed.size() + attempted.size() + waits.size();
  }

  /** Log lines kept with the run (see {@link RunLogger}). */
  public RunLogger logger() {
    return logger;
  }

  /**
   * Runs {@code fn} once for this run and returns its output; on a replay, returns the stored
   * output without calling {@code fn}. A failure is retried with the job's retry policy. The output
   * type is inferred from the call site ({@code String s = io.runTask("k", () -> "x")}); leave
   * {@code reified} empty. Where inference cannot see a type (a generic one such as {@code
   * List<Item>}), use {@link #runTask(String, Type, RetryPolicy, Task)}.
   *
   * @throws TaskFailedException when {@code fn} failed on its last attempt; the run fails if it is
   *     not caught
   */
  @SafeVarargs
  public final <T> T runTask(String key, Task<T> fn, T... reified) {
    return runTask(key, reified.getClass().getComponentType(), defaultRetry, fn);
  }

  /** {@link #runTask(String, Task, Object[])} with this task's own retry policy. */
  @SafeVarargs
  public final <T> T runTask(String key, RetryPolicy retry, Task<T> fn, T... reified) {
    return runTask(key, reified.getClass().getComponentType(), retry, fn);
  }

  /** {@link #runTask(String, Task, Object[])} with the output's type given, for generic types. */
  public <T> T runTask(String key, Type outputType, Task<T> fn) {
    return runTask(key, outputType, defaultRetry, fn);
  }

  /** The full form: output type and retry policy given. */
  public <T> T runTask(String key, Type outputType, RetryPolicy retry, Task<T> fn) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(retry, "retry");
    requireKey(key);
    passStep();
    String stored = completed.get(key);
    if (stored != null) {
      return Json.read(stored, outputType);
    }
    TaskSnapshot before = attempted.get(key);
    int attempt = before == null ? 1 : before.attempts() + 1;
    if (before != null && !retry.allowsAfter(before.attempts())) {
      throw new TaskFailedException(
          key, before.lastError()); // failed for good in an earlier execution
    }
    steps.boundary();
    Instant startedAt = clock.instant();
    T output;
    steps.taskStarting(key);
    try {
      output = fn.call();
    } catch (Exception e) {
      steps.checkCanceled();
      ErrorInfo error = ErrorInfo.of(e);
      if (retry.allowsAfter(attempt)) {
        Instant retryAt = clock.instant().plus(retry.delayAfter(attempt, random.getAsDouble()));
        steps.taskFailed(key, error, attempt, startedAt, retryAt);
        throw new Suspension(Suspension.Reason.WAITING);
      }
      steps.taskFailed(key, error, attempt, startedAt, null);
      attempted.put(key, new TaskSnapshot(key, false, null, attempt, error));
      throw new TaskFailedException(key, e);
    } finally {
      steps.taskEnded();
    }
    String json = Json.write(output);
    steps.taskCompleted(key, json, startedAt, attempt);
    completed.put(key, json);
    return output;
  }

  /**
   * Waits durably for {@code duration}: the run becomes WAITING, gives its concurrency slot back,
   * and resumes (replaying up to here) once the time is up, on whatever worker then takes it.
   */
  public void wait(String key, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    waitUntil(key, clock.instant().plus(duration));
  }

  /** Waits durably until {@code until}; returns at once if it has passed. */
  public void waitUntil(String key, Instant until) {
    Objects.requireNonNull(until, "until");
    requireKey(key);
    passStep();
    Boolean elapsed = waits.get(key);
    if (Boolean.TRUE.equals(elapsed)) {
      return;
    }
    if (elapsed != null) {
      throw new Suspension(
          Suspension.Reason.WAITING); // still waiting: this execution should not have come
    }
    if (!until.isAfter(clock.instant())) {
      waits.put(key, true);
      return;
    }
    steps.boundary();
    steps.waitRequested(key, until);
    throw new Suspension(Suspension.Reason.WAITING);
  }

  /**
   * Starts a run of job {@code jobId} with {@code payload}, once for this run (memoized like a task
   * under {@code key}: a replay, or a worker that died after sending it, starts no second child),
   * and returns the child's run id. The parent goes on at once; the child is left running whatever
   * the parent does. The child's page links to its parent, and the parent's lists it.
   *
   * <pre>{@code
   * String childRunId = io.invoke("welcome", "send-welcome", new Welcome(user.email()));
   * }</pre>
   *
   * @throws TaskFailedException when {@code jobId} is not registered or {@code payload} does not
   *     match its payload schema (not retried: the run fails unless it catches this)
   */
  public String invoke(String key, String jobId, Object payload) {
    String childRunId = start(key, jobId, payload);
    if (waits.containsKey(key)) {
      passStep(); // the child's end came back under the same key: one more recorded step
    }
    return childRunId;
  }

  /**
   * {@link #invoke}, then waits durably for the child's end, for at most {@code timeout} (null: no
   * limit), as a {@link #wait} does: the parent is WAITING, holds no slot, and resumes by replay
   * once the child ends. Returns the child's output, read as {@code outputType}. If the parent is
   * canceled (or times out) while it waits, the child is canceled too.
   *
   * <pre>{@code
   * Thumb thumb = io.invokeAndWait("thumb", "resize", image, Duration.ofMinutes(5), Thumb.class);
   * }</pre>
   *
   * @throws ChildRunFailedException when the child did not succeed (see its {@code status()})
   * @throws ChildRunTimeoutException when it did not end within {@code timeout}
   * @throws TaskFailedException when the job is not registered or the payload off its schema
   */
  public <T> T invokeAndWait(
      String key, String jobId, Object payload, Duration timeout, Class<T> outputType) {
    return invokeAndWait(key, jobId, payload, timeout, (Type) outputType);
  }

  /**
   * {@link #invokeAndWait(String, String, Object, Duration, Class)} with the output type inferred
   * from the call site ({@code Thumb t = io.invokeAndWait("thumb", "resize", image, null)}); leave
   * {@code reified} empty.
   */
  @SafeVarargs
  public final <T> T invokeAndWait(
      String key, String jobId, Object payload, Duration timeout, T... reified) {
    return invokeAndWait(
        key, jobId, payload, timeout, (Type) reified.getClass().getComponentType());
  }

  /** {@link #invokeAndWait(String, String, Object, Duration, Class)} for a generic output type. */
  public <T> T invokeAndWait(
      String key, String jobId, Object payload, Duration timeout, Type outputType) {
    String childRunId = start(key, jobId, payload);
    passStep();
    Boolean over = waits.get(key);
    if (Boolean.TRUE.equals(over)) {
      String result = waitResults.get(key);
      if (result == null) {
        throw new ChildRunTimeoutException(key, childRunId, timeout);
      }
      ChildResult child = ChildResult.parse(result);
      if (!child.succeeded()) {
        throw new ChildRunFailedException(key, child);
      }
      return child.output() == null ? null : Json.read(child.output(), outputType);
    }
    if (over != null) {
      throw new Suspension(Suspension.Reason.WAITING); // still waiting: should not have come
    }
    steps.boundary();
    steps.childWaitRequested(
        key, childRunId, timeout == null ? null : clock.instant().plus(timeout));
    throw new Suspension(Suspension.Reason.WAITING);
  }

  /** The invoke's task: sends the child's trigger once, returns the child's run id. */
  private String start(String key, String jobId, Object payload) {
    Objects.requireNonNull(jobId, "jobId");
    String payloadJson = Json.write(payload);
    return runTask(
        key, String.class, RetryPolicy.none(), () -> steps.invoke(key, jobId, payloadJson));
  }

  private void passStep() {
    stepsPassed++;
    linesSinceStep = 0;
  }

  /**
   * A line is keyed by where run() wrote it: the steps passed and the lines since. Lines before the
   * last step the log knows of were written by an earlier execution, so they are not sent again;
   * lines after it may have been, and the engine keeps the first of a key.
   */
  private void log(String level, String message, Map<String, ?> fields) {
    RunLogger.requireMessage(message);
    String key = String.format("%06d:%04d", stepsPassed, linesSinceStep++);
    if (stepsPassed < recordedSteps) {
      return;
    }
    steps.log(level, message, fields == null ? null : Json.write(fields), key);
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a task or wait needs a non-empty key");
    }
  }

  /** The execution behind an {@link Io}: where steps are appended and where it may have to stop. */
  interface Steps {
    /** Appends {@code TaskCompleted} and returns once it is durable (acks=all). */
    void taskCompleted(String key, String outputJson, Instant startedAt, int attempt);

    void taskFailed(String key, ErrorInfo error, int attempt, Instant startedAt, Instant retryAt);

    void waitRequested(String key, Instant until);

    /**
     * Sends the trigger of a child run of {@code jobId} (its event id derived from this run and
     * {@code key}) once it is durable; returns the child's run id.
     *
     * @throws IllegalArgumentException when the job is not registered or the payload does not match
     *     its schema
     */
    default String invoke(String key, String jobId, String payloadJson) {
      throw new UnsupportedOperationException("io.invoke needs a worker");
    }

    /** Appends {@code ChildWaitRequested}; {@code until} null: no timeout. */
    default void childWaitRequested(String key, String childRunId, Instant until) {
      throw new UnsupportedOperationException("io.invokeAndWait needs a worker");
    }

    /** Before a new task or wait: throws a {@link Suspension} when the execution must stop here. */
    void boundary();

    /** After a task threw: throws a {@link Suspension} when that was the run being canceled. */
    void checkCanceled();

    void taskStarting(String key);

    void taskEnded();

    void log(String level, String message, String fieldsJson, String key);
  }
}
