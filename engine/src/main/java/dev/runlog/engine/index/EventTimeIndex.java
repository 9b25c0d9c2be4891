package dev.runlog.engine.index;

import dev.runlog.engine.trigger.ReceivedEvent;
import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The received trigger events of a triggers partition, newest first: what lists events without
 * reading every record. One key per event id, written when the engine first reads it and removed
 * with its record ({@code EventExpiry}), so it is as bounded as the records are by the retention.
 *
 * <p>Keys: the tail ({@link TimeKeys}) of the first receipt and the event id; the value is the
 * event id again (the record itself stays in the events store, where a later delivery updates it).
 */
public final class EventTimeIndex {
  public static final String STORE = "events-by-time";

  private EventTimeIndex() {}

  /** Indexes an event read for the first time at {@code receivedAt}. */
  public static void add(KeyValueStore<String, String> store, String eventId, Instant receivedAt) {
    store.put(TimeKeys.tail(receivedAt, eventId), eventId);
  }

  /** Takes event {@code event} out of the index, when its record goes. */
  public static void remove(KeyValueStore<String, String> store, ReceivedEvent event) {
    store.put(TimeKeys.tail(event.receivedAt(), event.id()), null);
  }

  /**
   * A bounded scan of the events received in {@code range}; {@code record} reads an event's record
   * by id and may drop it (null), to filter by name or by whether it matched a job.
   */
  public static Slice<ReceivedEvent> slice(
      ReadOnlyKeyValueStore<String, String> store,
      TimeKeys.Range range,
      int limit,
      Function<String, ReceivedEvent> record) {
    return Scans.scan(store, "", range, limit, (tail, eventId) -> record.apply(eventId));
  }
}
