package dev.runlog.protocol.execution;

import java.time.Instant;
import java.util.List;

/**
 * Tells a worker to play (or replay) a run; {@code executions} is keyed by {@link #runId()}.
 *
 * <p>{@link #tasks()} is what the engine knew when it dispatched. A worker that may be acting on a
 * redelivered, older record catches up by reading {@code run-events} from {@link #logPartition()}
 * and {@link #logOffset()}.
 */
public record ExecuteRun(
    String runId,
    String jobId,
    String jobVersion,
    long execution,
    String payload,
    String context,
    String eventId,
    String eventName,
    Instant eventTimestamp,
    Instant runCreatedAt,
    List<TaskSnapshot> tasks,
    List<WaitSnapshot> waits,
    int logPartition,
    long logOffset,
    Long sliceMillis,
    boolean cancelRequested) {
  /**
   * A header on an execution record that the engine sent again, as the same execution, because no
   * worker was heard from: a worker reads the run's log before it runs such a copy, since the first
   * copy may have run.
   */
  public static final String RESENT_HEADER = "runlog.resent";

  public ExecuteRun {
    tasks = List.copyOf(tasks);
    waits = List.copyOf(waits);
  }

  /** This record without its tasks and waits: a stop notice needs neither. */
  public ExecuteRun withoutSteps() {
    return new ExecuteRun(
        runId,
        jobId,
        jobVersion,
        execution,
        payload,
        context,
        eventId,
        eventName,
        eventTimestamp,
        runCreatedAt,
        List.of(),
        List.of(),
        logPartition,
        logOffset,
        sliceMillis,
        cancelRequested);
  }
}
