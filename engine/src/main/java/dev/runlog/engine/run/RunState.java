package dev.runlog.engine.run;

import dev.runlog.protocol.run.ErrorInfo;
import java.time.Instant;

/**
 * A run's header: everything but its input and its tasks, so that its size does not grow with the
 * run and one more event rewrites only this small record (tasks are {@link TaskState}s of their
 * own, the input a {@link RunInput}).
 *
 * @param execution sequence number of the current execution, 0 before the first dispatch
 * @param taskCount tasks seen so far; the next new task gets this index
 */
public record RunState(
    String runId,
    String jobId,
    String jobVersion,
    String eventId,
    String eventName,
    RunStatus status,
    long execution,
    int taskCount,
    Instant createdAt,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    String output,
    ErrorInfo error) {

  RunState withStatus(RunStatus next, Instant at) {
    return new RunState(runId, jobId, jobVersion, eventId, eventName, next, execution, taskCount, createdAt, startedAt, at,
        next.isFinal() ? at : finishedAt, output, error);
  }

  RunState withExecution(long seq, Instant at) {
    return new RunState(runId, jobId, jobVersion, eventId, eventName, status, seq, taskCount, createdAt,
        startedAt == null ? at : startedAt, updatedAt, finishedAt, output, error);
  }

  RunState withTaskCount(int count) {
    return new RunState(runId, jobId, jobVersion, eventId, eventName, status, execution, count, createdAt, startedAt, updatedAt,
        finishedAt, output, error);
  }

  RunState withResult(String out, ErrorInfo err) {
    return new RunState(runId, jobId, jobVersion, eventId, eventName, status, execution, taskCount, createdAt, startedAt, updatedAt,
        finishedAt, out, err);
  }
}
