package dev.runlog.engine.run;

import java.time.Instant;

/** A durable wait of a run, stored under (run id, wait key). */
public record WaitState(
    String key, Instant until, boolean elapsed, Instant requestedAt, Instant elapsedAt) {}
