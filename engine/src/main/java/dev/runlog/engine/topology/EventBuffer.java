package dev.runlog.engine.topology;

import dev.runlog.engine.eventwait.BufferWindow;
import dev.runlog.engine.eventwait.BufferedEvent;
import dev.runlog.engine.eventwait.EventFields;
import dev.runlog.engine.eventwait.EventWaitKeys;
import dev.runlog.engine.eventwait.SeenShape;
import dev.runlog.engine.eventwait.WaitMessage;
import dev.runlog.engine.timer.Timer;
import dev.runlog.engine.timer.TimerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The events of the last {@link BufferWindow}, for waits asked after their event came.
 *
 * <p>Ordered by the time each was read, and indexed by (shape, match key) for the shapes that waits
 * were asked with lately ({@link SeenShape}): a wait asked with such a shape looks its key up, one
 * range scan however busy the name. Only the first wait of a shape not seen for a window scans the
 * name's events by time, from its run's creation (or the window's start) on.
 */
final class EventBuffer {
  static final String EVENTS = "event-wait-buffer";
  static final String INDEX = "event-wait-buffer-index";
  static final String SEEN = "event-wait-seen-shapes";
  private static final Serializer<String> KEYS = Serdes.String().serializer();

  private final BufferWindow window;
  private final KeyValueStore<String, BufferedEvent> events;
  private final KeyValueStore<String, String> index;
  private final KeyValueStore<String, SeenShape> seen;
  private final TimerStore expiries;

  EventBuffer(
      BufferWindow window,
      KeyValueStore<String, BufferedEvent> events,
      KeyValueStore<String, String> index,
      KeyValueStore<String, SeenShape> seen,
      TimerStore expiries) {
    this.window = window;
    this.events = events;
    this.index = index;
    this.seen = seen;
    this.expiries = expiries;
  }

  /** Keeps {@code o} for the window, indexed for each shape seen lately for its name. */
  void add(WaitMessage.Occurred o, EventFields fields, Instant now) {
    Optional<Instant> expiresAt = window.expiresAt(o.receivedAt());
    if (expiresAt.isEmpty() || !expiresAt.get().isAfter(now)) {
      return;
    }
    BufferedEvent event = BufferedEvent.of(o);
    List<String> indexKeys = new ArrayList<>();
    String key = EventWaitKeys.buffered(event);
    try (KeyValueIterator<String, SeenShape> it =
        seen.prefixScan(EventWaitKeys.shapesOf(o.name()), KEYS)) {
      while (it.hasNext()) {
        String shape = it.next().value.shape();
        fields
            .matchKey(shape)
            .ifPresent(matchKey -> indexKeys.add(EventWaitKeys.indexed(shape, matchKey, event)));
      }
    }
    indexKeys.forEach(indexKey -> index.put(indexKey, key));
    events.put(key, event.indexedAt(indexKeys));
    expiries.add(Timer.expire(key, expiresAt.get()));
  }

  /**
   * The first event a wait would have got had it been waiting already, and notes its shape as seen
   * so that the events read from now on are indexed for it.
   */
  Optional<BufferedEvent> firstMatch(
      WaitMessage.Register r, String shape, String matchKey, Instant now) {
    if (!window.enabled()) {
      return Optional.empty();
    }
    Instant from = window.scanFrom(r.runCreatedAt(), now);
    String seenKey = EventWaitKeys.shape(r.eventName(), shape);
    SeenShape known = seen.get(seenKey);
    Optional<BufferedEvent> found =
        known != null && known.indexes(from)
            ? lookUp(r, shape, matchKey, from)
            : scan(r, shape, matchKey, from);
    seen.put(
        seenKey,
        known == null ? new SeenShape(r.eventName(), shape, now, now) : known.askedAt(now));
    expiries.add(Timer.forget(seenKey, now.plus(window.window())));
    return found;
  }

  /** Removes what a timer of {@link #add} or {@link #firstMatch} says is past the window. */
  void expire(Timer timer, Instant now) {
    if (timer.kind() == Timer.Kind.EXPIRE) {
      BufferedEvent event = events.get(timer.runId());
      if (event != null) {
        event.indexKeys().forEach(k -> index.put(k, null));
        events.put(timer.runId(), null);
      }
    } else if (timer.kind() == Timer.Kind.FORGET) {
      SeenShape shape = seen.get(timer.runId());
      if (shape != null && !shape.lastAskedAt().plus(window.window()).isAfter(now)) {
        seen.put(timer.runId(), null); // its index entries go with their events
      }
    }
  }

  private Optional<BufferedEvent> lookUp(
      WaitMessage.Register r, String shape, String matchKey, Instant from) {
    try (KeyValueIterator<String, String> it =
        index.range(
            EventWaitKeys.indexFrom(r.eventName(), shape, matchKey, from),
            EventWaitKeys.indexEnd(r.eventName(), shape, matchKey))) {
      while (it.hasNext()) {
        BufferedEvent e = events.get(it.next().value);
        if (e != null && !e.id().equals(r.runEventId())) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  private Optional<BufferedEvent> scan(
      WaitMessage.Register r, String shape, String matchKey, Instant from) {
    try (KeyValueIterator<String, BufferedEvent> it =
        events.range(
            EventWaitKeys.bufferFrom(r.eventName(), from),
            EventWaitKeys.bufferEnd(r.eventName()))) {
      while (it.hasNext()) {
        BufferedEvent e = it.next().value;
        if (!e.id().equals(r.runEventId())
            && EventFields.of(e.payload(), e.context())
                .matchKey(shape)
                .filter(matchKey::equals)
                .isPresent()) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }
}
