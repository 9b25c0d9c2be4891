package dev.runlog.protocol.trigger;

import java.time.Instant;
import java.util.Objects;

/**
 * An event that starts a run of every job listening to {@link #name()}; {@code triggers} is keyed
 * by {@link #id()}. Payload and context are JSON text.
 */
public record TriggerEvent(
    String id,
    String name,
    String payload,
    String context,
    Instant timestamp,
    Instant deliverAt,
    String source) {
  public TriggerEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timestamp, "timestamp");
    payload = payload == null ? "null" : payload;
  }
}
