package dev.runlog.sdk;

import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A trigger event to send: every job listening to its name gets a run. Only name and payload are
 * needed; the rest is optional.
 *
 * <pre>{@code
 * client.send(Event.of("new.star", star).id("gh-4711").delay(Duration.ofMinutes(5)));
 * }</pre>
 *
 * @param id the event's id; sending an id again starts no second run. Null: a new one (from a run,
 *     the run and the key give it)
 * @param context free-form context the run sees as {@link Context#eventContext()}, may be empty
 * @param delay how long after sending the runs start (zero: at once)
 */
public record Event(
    String name, Object payload, String id, Map<String, Object> context, Duration delay) {
  public Event {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an event needs a non-empty name");
    }
    context = context == null ? Map.of() : Map.copyOf(context);
    delay = delay == null ? Duration.ZERO : delay;
    if (delay.isNegative()) {
      throw new IllegalArgumentException("an event's delay cannot be negative: " + delay);
    }
  }

  /** Event {@code name} with {@code payload}, a new id, no context, sent at once. */
  public static Event of(String name, Object payload) {
    return new Event(name, payload, null, Map.of(), Duration.ZERO);
  }

  /** This event with id {@code id}: sending it twice starts one run per job. */
  public Event id(String id) {
    return new Event(name, payload, Objects.requireNonNull(id, "id"), context, delay);
  }

  /**
   * This event for account {@code accountId}: its context's {@code accountId}, which picks a
   * per-account connection and is {@link Context#account()} in its runs.
   */
  public Event accountId(String accountId) {
    java.util.Map<String, Object> with = new java.util.HashMap<>(context);
    with.put("accountId", Objects.requireNonNull(accountId, "accountId"));
    return new Event(name, payload, id, with, delay);
  }

  /** This event with a context, shown to its runs as {@link Context#eventContext()}. */
  public Event context(Map<String, Object> context) {
    return new Event(name, payload, id, context, delay);
  }

  /** The trigger as sent at {@code now}: a new id unless it has one. */
  TriggerEvent toTrigger(Instant now, String source) {
    return new TriggerEvent(
        id == null ? UUID.randomUUID().toString() : id,
        name,
        Json.write(payload),
        context.isEmpty() ? null : Json.write(context),
        now,
        delay.isZero() ? null : now.plus(delay),
        source);
  }

  /** This event delivered {@code delay} after it is sent. */
  public Event delay(Duration delay) {
    return new Event(name, payload, id, context, Objects.requireNonNull(delay, "delay"));
  }
}
