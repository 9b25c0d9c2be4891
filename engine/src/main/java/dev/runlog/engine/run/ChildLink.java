package dev.runlog.engine.run;

import java.time.Instant;

/**
 * A run that a run started with {@code io.invoke}, stored under (parent run id, child run id): one
 * record per child, so that a parent with many children does not rewrite a growing list.
 *
 * @param key the parent's invoke key
 */
public record ChildLink(String key, String runId, String jobId, Instant createdAt) {}
