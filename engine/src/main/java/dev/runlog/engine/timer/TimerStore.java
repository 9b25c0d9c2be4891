package dev.runlog.engine.timer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Timers ordered by due time: keys start with the due instant in zero-padded epoch milliseconds, so
 * the timers due by now are one range scan from the start of the store.
 */
public final class TimerStore {
  public static final String NAME = "timers";
  private static final String FIRST = "0".repeat(19);
  private final KeyValueStore<String, Timer> store;

  public TimerStore(KeyValueStore<String, Timer> store) {
    this.store = store;
  }

  public void add(Timer timer) {
    store.put(key(timer), timer);
  }

  /** Removes and returns up to {@code max} timers due at or before {@code now}, earliest first. */
  public List<Timer> takeDue(Instant now, int max) {
    List<Timer> due = new ArrayList<>();
    String upTo = String.format("%019d", now.toEpochMilli()) + '\uffff';
    try (KeyValueIterator<String, Timer> it = store.range(FIRST, upTo)) {
      while (it.hasNext() && due.size() < max) {
        KeyValue<String, Timer> kv = it.next();
        due.add(kv.value);
      }
    }
    due.forEach(t -> store.delete(key(t)));
    return due;
  }

  static String key(Timer t) {
    return String.format("%019d", Math.max(0, t.due().toEpochMilli())) + '\u0000' + t.runId() + '\u0000' + t.kind() + '\u0000' + t.key()
        + '\u0000' + t.execution();
  }
}
