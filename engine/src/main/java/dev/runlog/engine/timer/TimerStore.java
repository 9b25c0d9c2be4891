package dev.runlog.engine.timer;

import dev.runlog.engine.store.Keys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Timers ordered by due time: keys start with the due instant in zero-padded epoch milliseconds, so
 * the timers due by now are one range scan.
 *
 * <p>The scan starts where the last one stopped, not at the start of the store. Every timer that
 * fired was deleted, and RocksDB keeps a deleted key as a tombstone until compaction: a scan from
 * the start seeks through all of them. With a million finished runs (a lease timer each), that seek
 * took the stream thread's whole time and the engine crawled at a dozen runs a second. A timer
 * added with a due time before the scan's start (a retry time already past) moves the start back.
 */
public final class TimerStore {
  public static final String NAME = "timers";
  private static final String FIRST = "0".repeat(19);
  private final KeyValueStore<String, Timer> store;

  /**
   * No timer is stored below this key; in memory, so a restarted engine scans from the start once.
   */
  private String scanFrom = FIRST;

  /** Told of each timer added, when an alarm rings for this store's timers; else null. */
  private Alarm alarm;

  public TimerStore(KeyValueStore<String, Timer> store) {
    this.store = store;
  }

  public void add(Timer timer) {
    String key = key(timer);
    store.put(key, timer);
    if (key.compareTo(scanFrom) < 0) {
      scanFrom = key;
    }
    if (alarm != null) {
      alarm.wake(Math.max(0, timer.due().toEpochMilli()));
    }
  }

  /** {@code alarm} hears of each timer added through this view of the store. */
  void wakes(Alarm alarm) {
    this.alarm = alarm;
  }

  /**
   * When the earliest timer is due, in epoch milliseconds, or {@link Alarm#NEVER}: one seek from
   * where the last scan stopped. Call it with nothing staged on the store (after a record or a
   * timer was written out): a staged store reads every entry to merge its staged writes in.
   */
  public long nextDueMs() {
    try (KeyValueIterator<String, Timer> it = store.range(scanFrom, null)) {
      return it.hasNext()
          ? Long.parseLong(it.peekNextKey().substring(0, FIRST.length()))
          : Alarm.NEVER;
    }
  }

  /**
   * Removes {@code timer} before it is due (a run that expired takes its pending waits with it).
   */
  public void remove(Timer timer) {
    store.put(key(timer), null); // a null value deletes, without reading the old value first
  }

  /** Removes and returns up to {@code max} timers due at or before {@code now}, earliest first. */
  public List<Timer> takeDue(Instant now, int max) {
    List<Timer> due = new ArrayList<>();
    String upTo = dueKey(now.toEpochMilli()) + '\uffff';
    String last = null;
    try (KeyValueIterator<String, Timer> it = store.range(scanFrom, upTo)) {
      while (it.hasNext() && due.size() < max) {
        KeyValue<String, Timer> kv = it.next();
        due.add(kv.value);
        last = kv.key;
      }
    }
    due.forEach(t -> store.delete(key(t)));
    // All due by now were taken, unless max stopped the scan: then the rest start after the last
    // one.
    String next = due.size() < max ? dueKey(now.toEpochMilli()) : last;
    if (next != null && next.compareTo(scanFrom) > 0) {
      scanFrom = next;
    }
    return due;
  }

  /** Where the next scan starts: for tests. */
  String scanFrom() {
    return scanFrom;
  }

  static String key(Timer t) {
    return dueKey(t.due().toEpochMilli())
        + '\u0000'
        + t.runId()
        + '\u0000'
        + t.kind()
        + '\u0000'
        + t.key()
        + '\u0000'
        + t.execution();
  }

  private static String dueKey(long epochMillis) {
    return Keys.padded(Math.max(0, epochMillis), 19);
  }
}
