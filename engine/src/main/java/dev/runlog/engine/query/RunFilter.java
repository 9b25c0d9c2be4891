package dev.runlog.engine.query;

import dev.runlog.engine.index.TimeKeys;
import dev.runlog.engine.run.RunStatus;

/**
 * What a listing of runs across jobs keeps; every part but the range may be null (no filter).
 *
 * @param range the creation times, and the cursor to continue after
 * @param field with {@code value}: a top-level payload field the run must have with that value
 */
public record RunFilter(
    String jobId,
    RunStatus status,
    String eventId,
    String field,
    String value,
    TimeKeys.Range range) {

  /** The query of this filter, for the instance that asks a peer for its part. */
  String query(int limit) {
    return Peers.query(
        "limit",
        String.valueOf(limit),
        "job",
        jobId,
        "status",
        status == null ? null : status.name(),
        "eventId",
        eventId,
        field == null ? "" : "payload." + field,
        field == null ? null : value,
        "from",
        range.from() == null ? null : range.from().toString(),
        "to",
        range.to() == null ? null : range.to().toString(),
        "cursor",
        Cursors.encode(range.after()));
  }
}
