package dev.runlog.engine.run;

import dev.runlog.protocol.run.ErrorInfo;
import java.time.Instant;

/**
 * One task of a run, stored under (run id, task key) so that recording it never rewrites the
 * others.
 *
 * @param index the order in which the run first reached it
 */
public record TaskState(
    String key,
    int index,
    TaskStatus status,
    String output,
    ErrorInfo error,
    int attempts,
    Instant startedAt,
    Instant finishedAt) {}
