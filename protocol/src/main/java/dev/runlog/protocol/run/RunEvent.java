package dev.runlog.protocol.run;

import java.time.Instant;
import java.util.Objects;

/**
 * One change to a run, as appended to {@code run-events} keyed by {@link #runId()}.
 *
 * @param runId the run it belongs to
 * @param timestamp when its writer made it
 * @param origin who wrote it
 * @param execution the execution sequence number a worker-written event belongs to, else null
 * @param body what happened
 */
public record RunEvent(
    String runId, Instant timestamp, Origin origin, Long execution, RunEventBody body) {
  public RunEvent {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(body, "body");
  }

  /** An event written by the engine itself. */
  public static RunEvent engine(String runId, Instant at, RunEventBody body) {
    return new RunEvent(runId, at, Origin.ENGINE, null, body);
  }

  /** An event written by the worker running execution {@code execution}. */
  public static RunEvent worker(String runId, Instant at, long execution, RunEventBody body) {
    return new RunEvent(runId, at, Origin.WORKER, execution, body);
  }

  /** The event type's name, as shown to users ("TaskCompleted"). */
  public String type() {
    return body.getClass().getSimpleName();
  }
}
