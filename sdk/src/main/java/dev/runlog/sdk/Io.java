package dev.runlog.sdk;

import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.run.ErrorInfo;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

  /** With what the waits that are over got ({@code waitResults}: wait key to result JSON). */
  Io(
      Map<String, String> completed,
      Map<String, TaskSnapshot> attempted,
      Map<String, Boolean> waits,
      Map<String, String> waitResults,
      Steps steps,
      RetryPolicy defaultRetry,
      Clock clock,
      DoubleSupplier random) {
    this.completed = completed;
    this.attempted = new HashMap<>(attempted);
    this.waits = waits;
    this.waitResults = waitResults;
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
   * Waits durably for an event named {@code name} whose fields equal {@code filter}: the run is
   * WAITING (its concurrency slot given back) until such an event is sent, or until {@code timeout}
   * is up. Returns the event, or empty when the time ran out. On a replay it returns what it
   * returned the first time, without waiting again.
   *
   * <p>{@code filter} maps a field path to the value it must equal: {@code "orderId"} (or {@code
   * "payload.orderId"}) is a payload field, {@code "customer.id"} a nested one, {@code
   * "context.accountId"} a field of the event's context. Values are strings, numbers or booleans,
   * compared with their type ({@code "42"} is not {@code 42}; {@code 42} is {@code 42.0}); an empty
   * filter takes the first event of the name. Every run waiting for a matching event gets it.
   *
   * <p>An event counts if it is sent after the run was created, even before the run gets here, as
   * long as it is younger than the engine's {@code event.wait.buffer.ms} (one hour by default). An
   * event sent before the run was created, or the one that started it, never counts; an event sent
   * with a delivery time counts from then; an event id counts once.
   *
   * <pre>{@code
   * Optional<ReceivedEvent> paid =
   *     io.waitForEvent("paid", "order.paid", Map.of("orderId", order.id()), Duration.ofHours(24));
   * if (paid.isEmpty()) {
   *   io.runTask("cancel", () -> orders.cancel(order.id()));
   *   return "canceled";
   * }
   * }</pre>
   *
   * @param timeout how long to wait; null waits for ever
   * @throws IllegalArgumentException when the filter is not paths to scalars, or when the engine
   *     could not evaluate it (the run fails unless it catches it)
   */
  public Optional<ReceivedEvent> waitForEvent(
      String key, String name, Map<String, ?> filter, Duration timeout) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("waitForEvent needs an event name");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("a wait's timeout must be positive, or null: " + timeout);
    }
    String filterJson = EventFilters.toJson(filter);
    requireKey(key);
    passStep();
    Boolean over = waits.get(key);
    if (Boolean.TRUE.equals(over)) {
      String result = waitResults.get(key);
      if (result == null) {
        return Optional.empty(); // timed out
      }
      String error = EventFilters.error(result);
      if (error != null) {
        throw new IllegalArgumentException(
            "wait '" + key + "' for event " + name + " cannot be evaluated: " + error);
      }
      return Optional.of(ReceivedEvent.fromResult(result));
    }
    if (over != null) {
      throw new Suspension(Suspension.Reason.WAITING); // still waiting
    }
    steps.boundary();
    steps.eventWaitRequested(
        key, name, filterJson, timeout == null ? null : clock.instant().plus(timeout));
    throw new Suspension(Suspension.Reason.WAITING);
  }

  /**
   * {@link #waitForEvent(String, String, Map, Duration)} returning the event's payload read as
   * {@code payloadType}.
   */
  public <T> Optional<T> waitForEvent(
      String key, String name, Map<String, ?> filter, Duration timeout, Class<T> payloadType) {
    Objects.requireNonNull(payloadType, "payloadType");
    return waitForEvent(key, name, filter, timeout).map(e -> e.payload(payloadType));
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

    /** Appends {@code EventWaitRequested}; {@code until} null: no time-out. */
    default void eventWaitRequested(String key, String name, String filterJson, Instant until) {
      throw new UnsupportedOperationException("this execution cannot wait for events");
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
