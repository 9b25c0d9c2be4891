package dev.runlog.engine.run;

import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.TaskIntegration;
import java.time.Instant;

/**
 * One task of a run, stored under (run id, task key) so that recording it never rewrites the
 * others.
 *
 * @param index the order in which the run first reached it
 * @param continuation the run's {@link RunState#continuations()} when the task was last recorded:
 *     attempts of before a continue count for nothing
 * @param integration the integration call it is (kind, name, operation), null for a plain task
 */
public record TaskState(
    String key,
    int index,
    TaskStatus status,
    String output,
    ErrorInfo error,
    int attempts,
    Instant startedAt,
    Instant finishedAt,
    int continuation,
    TaskIntegration integration) {

  /** A plain task, not an integration's call. */
  public TaskState(
      String key,
      int index,
      TaskStatus status,
      String output,
      ErrorInfo error,
      int attempts,
      Instant startedAt,
      Instant finishedAt,
      int continuation) {
    this(key, index, status, output, error, attempts, startedAt, finishedAt, continuation, null);
  }

  /** The attempts that count for the run as it is now: none if made before it was continued. */
  public int attemptsNow(RunState run) {
    return status != TaskStatus.COMPLETED && continuation < run.continuations() ? 0 : attempts;
  }
}
