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
 * @param completion the {@code TaskCompleted} that completed it, when the task stands in for that
 *     event's entry in the run's history (null: the entry is in the history store)
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
    TaskIntegration integration,
    Completion completion) {

  /**
   * Where the event that completed a task sits in its run's history, and who wrote it. A task keeps
   * it so that completing a task costs one store write: its history entry is made from the task and
   * this (the task's key, output, start, attempt and integration are the event's body, its finish
   * the event's time).
   *
   * @param seq the event's number in the run's history
   * @param execution the execution that wrote it, null when not a worker's
   * @param origin who wrote it ({@code WORKER}, {@code ENGINE}, ...)
   */
  public record Completion(long seq, Long execution, String origin) {}

  /** A task recorded without a completion of its own in the history. */
  public TaskState(
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
    this(
        key,
        index,
        status,
        output,
        error,
        attempts,
        startedAt,
        finishedAt,
        continuation,
        integration,
        null);
  }

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

  /** This task, standing in for its completion's history entry. */
  public TaskState withCompletion(Completion completion) {
    return new TaskState(
        key,
        index,
        status,
        output,
        error,
        attempts,
        startedAt,
        finishedAt,
        continuation,
        integration,
        completion);
  }

  /** The attempts that count for the run as it is now: none if made before it was continued. */
  public int attemptsNow(RunState run) {
    return status != TaskStatus.COMPLETED && continuation < run.continuations() ? 0 : attempts;
  }

  /**
   * Whether the task failed for good in the run as it is now: its last attempt had no retry to
   * come, and the run was not continued since (a continue gives it its attempts back).
   */
  public boolean failedNow(RunState run) {
    return status == TaskStatus.FAILED && attemptsNow(run) > 0;
  }
}
