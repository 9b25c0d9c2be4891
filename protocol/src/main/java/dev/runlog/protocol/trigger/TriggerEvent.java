package dev.runlog.protocol.trigger;

import java.time.Instant;
import java.util.Objects;

/**
 * An event that starts a run of every job listening to {@link #name()}, or of {@link #job()} only
 * when that is set; {@code triggers} is keyed by {@link #id()}. Payload and context are JSON text.
 *
 * @param job the one job to start a run of (null: every job listening to the name)
 * @param parentRunId the run that started this one with {@code io.invoke} (null: none); the run it
 *     makes reports its end there
 * @param parentKey the parent's invoke key
 */
public record TriggerEvent(
    String id,
    String name,
    String payload,
    String context,
    Instant timestamp,
    Instant deliverAt,
    String source,
    String job,
    String parentRunId,
    String parentKey) {
  public TriggerEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timestamp, "timestamp");
    payload = payload == null ? "null" : payload;
  }

  /** An event for every job listening to its name. */
  public TriggerEvent(
      String id,
      String name,
      String payload,
      String context,
      Instant timestamp,
      Instant deliverAt,
      String source) {
    this(id, name, payload, context, timestamp, deliverAt, source, null, null, null);
  }
}
