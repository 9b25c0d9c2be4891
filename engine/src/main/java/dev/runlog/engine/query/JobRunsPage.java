package dev.runlog.engine.query;

import dev.runlog.engine.index.RunSummary;
import java.util.List;

/**
 * One page of a job's runs, newest first.
 *
 * @param nextCursor where the next page starts, null when this is the last
 */
public record JobRunsPage(String jobId, List<RunSummary> runs, String nextCursor) {}
