package dev.runlog.engine.query;

import dev.runlog.engine.index.TimeKeys;
import dev.runlog.engine.trigger.ReceivedEvent;

/**
 * What a listing of received events keeps; {@code name} and {@code matched} may be null (no
 * filter).
 *
 * @param range the times the engine first read them, and the cursor to continue after
 * @param matched true: only events that started runs; false: only those no job listened to
 */
public record EventsFilter(String name, Boolean matched, TimeKeys.Range range) {

  boolean keeps(ReceivedEvent event) {
    return (name == null || name.equals(event.name()))
        && (matched == null || matched == !event.matchedJobs().isEmpty());
  }

  String query(int limit) {
    return Peers.query(
        "limit",
        String.valueOf(limit),
        "name",
        name,
        "matched",
        matched == null ? null : matched.toString(),
        "from",
        range.from() == null ? null : range.from().toString(),
        "to",
        range.to() == null ? null : range.to().toString(),
        "cursor",
        Cursors.encode(range.after()));
  }
}
