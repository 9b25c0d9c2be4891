package dev.runlog.engine.query;

import dev.runlog.engine.trigger.ReceivedEvent;
import java.time.Instant;
import java.util.List;

/**
 * A received trigger event as the events listing shows it.
 *
 * @param matchedJobs the jobs it started a run of; empty: no job listened to it
 * @param deliveries how often the engine read it; more than once: it was sent again with the same
 *     id, which started no second run ({@code duplicate})
 */
public record EventView(
    String id,
    String name,
    Instant receivedAt,
    Instant lastReceivedAt,
    Instant timestamp,
    Instant deliverAt,
    List<String> matchedJobs,
    List<String> runIds,
    int deliveries,
    boolean matched,
    boolean duplicate) {

  public static EventView of(ReceivedEvent event) {
    return new EventView(
        event.id(),
        event.name(),
        event.receivedAt(),
        event.lastReceivedAt(),
        event.timestamp(),
        event.deliverAt(),
        event.matchedJobs(),
        event.runIds(),
        event.deliveries(),
        !event.matchedJobs().isEmpty(),
        event.deliveries() > 1);
  }
}
