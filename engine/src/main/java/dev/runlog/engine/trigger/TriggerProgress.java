package dev.runlog.engine.trigger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far this instance's trigger processor has read each triggers partition it owns: the offset
 * after the last trigger it handled. The API starts an event's runs itself only when the partition
 * its trigger goes to is read to its end here ({@link #readUpTo}): then an earlier copy of the same
 * event (a client sending again after an engine died mid-request) is in the events store, and its
 * runs' starts are not written a second time. Thread-safe: the stream threads write, the API reads.
 */
public final class TriggerProgress {
  private final Map<Integer, Long> next = new ConcurrentHashMap<>();

  /** The trigger at {@code offset} of {@code partition} was handled (started its runs, or not). */
  public void read(int partition, long offset) {
    next.merge(partition, offset + 1, Math::max);
  }

  /** The partition is no longer read here (its task closed or moved): nothing is known of it. */
  public void forget(int partition) {
    next.remove(partition);
  }

  /**
   * True when every record before {@code endOffset} of {@code partition} was handled here. A
   * partition not read here, or not yet since it came, is not.
   */
  public boolean readUpTo(int partition, long endOffset) {
    Long read = next.get(partition);
    return read != null && read >= endOffset;
  }
}
