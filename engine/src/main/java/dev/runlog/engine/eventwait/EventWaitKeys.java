package dev.runlog.engine.eventwait;

import java.time.Instant;

/**
 * Keys of the matcher's stores. Each starts with the event name and a NUL, so one name's entries
 * are one prefix scan; what follows is ordered for the scan each store serves.
 */
public final class EventWaitKeys {
  private static final char SEP = '\u0000';

  private EventWaitKeys() {}

  /** The shapes of {@code name}: prefix of {@link #shape}. */
  public static String shapesOf(String name) {
    return name + SEP;
  }

  public static String shape(String name, String shape) {
    return shapesOf(name) + shape;
  }

  /** The waiters of one (name, shape, match key): prefix of {@link #waiter}. */
  public static String waitersOf(String name, String shape, String matchKey) {
    return shapesOf(name) + shape + SEP + matchKey + SEP;
  }

  public static String waiter(Waiter w) {
    return waitersOf(w.eventName(), w.shape(), w.matchKey()) + w.runId() + SEP + w.waitKey();
  }

  /** Buffered events of {@code name} read at or after {@code from}: start of a range scan. */
  public static String bufferFrom(String name, Instant from) {
    return shapesOf(name) + millis(from);
  }

  /**
   * End of a range scan of {@code name}'s buffered events: all of them, also those stamped ahead of
   * this instance's clock by the trigger processor's.
   */
  public static String bufferEnd(String name) {
    return shapesOf(name) + '\uffff';
  }

  public static String buffered(BufferedEvent e) {
    return shapesOf(e.name()) + millis(e.receivedAt()) + SEP + e.id();
  }

  /**
   * An event in the buffer's index: under its name, a shape that waits were asked with, and its
   * match key for that shape, then by time.
   */
  public static String indexed(String shape, String matchKey, BufferedEvent e) {
    return waitersOf(e.name(), shape, matchKey) + millis(e.receivedAt()) + SEP + e.id();
  }

  /** Indexed events of (name, shape, match key) read at or after {@code from}: scan start. */
  public static String indexFrom(String name, String shape, String matchKey, Instant from) {
    return waitersOf(name, shape, matchKey) + millis(from);
  }

  /** End of a scan of the indexed events of (name, shape, match key). */
  public static String indexEnd(String name, String shape, String matchKey) {
    return waitersOf(name, shape, matchKey) + '\uffff';
  }

  private static String millis(Instant at) {
    long ms = Math.max(0, Math.min(at.toEpochMilli(), 9_999_999_999_999L));
    return dev.runlog.engine.store.Keys.padded(ms, 13);
  }
}
