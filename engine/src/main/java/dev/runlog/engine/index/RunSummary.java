package dev.runlog.engine.index;

import java.time.Instant;

/** A run as a job's run list shows it. */
public record RunSummary(
    String id,
    String jobId,
    String status,
    String eventId,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    long execution) {}
