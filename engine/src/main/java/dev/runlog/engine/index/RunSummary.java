package dev.runlog.engine.index;

import dev.runlog.engine.run.RunState;
import java.time.Instant;

/** A run as a listing of runs shows it. */
public record RunSummary(
    String id,
    String jobId,
    String status,
    String eventId,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    long execution) {

  public static RunSummary of(RunState run) {
    return new RunSummary(
        run.runId(),
        run.jobId(),
        run.status().name(),
        run.eventId(),
        run.createdAt(),
        run.startedAt(),
        run.finishedAt(),
        run.execution());
  }
}
