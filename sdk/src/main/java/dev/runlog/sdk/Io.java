package dev.runlog.sdk;

import dev.runlog.protocol.run.ErrorInfo;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a run does durably. Its one rule: <b>side effects go inside {@link #runTask}</b>.
 *
 * <p>A run is replayed from the start whenever it resumes (its worker died, its slice ran out, a
 * wait elapsed). During a replay, {@code runTask} returns the output a task stored the first time
 * and does not call its function again. Tasks are identified by their keys, not by call order, so
 * a key must be unique within a run and stable across replays; calling a key twice runs it once.
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
 *   io.runTask("reminder-" + n, () -> slack.post("Reminder " + n));
 * }
 * }</pre>
 */
public final class Io {
  private final Map<String, String> completed;
  private final TaskLog log;
  private final Clock clock;

  Io(Map<String, String> completed, TaskLog log, Clock clock) {
    this.completed = completed;
    this.log = log;
    this.clock = clock;
  }

  /**
   * Runs {@code fn} once for this run and returns its output; on a replay, returns the stored output
   * without calling {@code fn}. The output type is inferred from the call site
   * ({@code String s = io.runTask("k", () -> "x")}); leave {@code reified} empty. Where inference
   * cannot see a type (a generic one such as {@code List<Item>}), use {@link #runTask(String, Type, Task)}.
   *
   * @throws TaskFailedException when {@code fn} throws; the run fails if it is not caught
   */
  @SafeVarargs
  public final <T> T runTask(String key, Task<T> fn, T... reified) {
    return runTask(key, reified.getClass().getComponentType(), fn);
  }

  /** {@link #runTask(String, Task, Object[])} with the output's type given, for generic types. */
  public <T> T runTask(String key, Type outputType, Task<T> fn) {
    Objects.requireNonNull(fn, "fn");
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a task needs a non-empty key");
    }
    String stored = completed.get(key);
    if (stored != null) {
      return Json.read(stored, outputType);
    }
    Instant startedAt = clock.instant();
    T output;
    try {
      output = fn.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskFailedException(key, e);
    } catch (Exception e) {
      log.taskFailed(key, ErrorInfo.of(e), 1, startedAt);
      throw new TaskFailedException(key, e);
    }
    String json = Json.write(output);
    log.taskCompleted(key, json, startedAt);
    completed.put(key, json);
    return output;
  }

  /** Where a run's task results are appended; implemented by the worker. */
  interface TaskLog {
    /** Appends {@code TaskCompleted} and returns once it is durable (acks=all). */
    void taskCompleted(String key, String outputJson, Instant startedAt);

    void taskFailed(String key, ErrorInfo error, int attempt, Instant startedAt);
  }
}
