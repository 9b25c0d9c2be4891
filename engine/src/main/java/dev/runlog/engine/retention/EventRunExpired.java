package dev.runlog.engine.retention;

/**
 * Sent by the run processor, when run {@code runId} expires, to the partition of the trigger events
 * that hold the record of event {@code eventId}: the record goes once none of its runs is left. On
 * the event-expiry topic, keyed by event id, to {@code partition} (the triggers partition the event
 * was read from, which the key alone does not give: a trigger may be keyed by anything). An event
 * read again after {@code expiredAt} made the run anew: its record stays.
 */
public record EventRunExpired(
    String eventId, String runId, int partition, java.time.Instant expiredAt) {}
