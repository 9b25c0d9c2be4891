package dev.runlog.sdk;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition may be committed while runs finish out of order: everything below
 * the oldest run still executing. A crash then redelivers only unfinished runs.
 *
 * <p>It also knows which of those runs have begun, and which partition ownership each belongs to: a
 * run accepted but still queued for a thread when its partition is given up must not begin (its
 * next owner runs it), and giving a partition up waits only for the runs that did begin.
 */
final class OffsetTracker {
  private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();
  private final Map<TopicPartition, TreeSet<Long>> running = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  /** Bumped each time a partition is given up: a run accepted under an older one must not begin. */
  private final Map<TopicPartition, Long> ownership = new HashMap<>();

  /** The ownership {@link #forget} began: the runs of older ones are no longer tracked. */
  private final Map<TopicPartition, Long> forgotten = new HashMap<>();

  /** A run was accepted; returns the ownership to pass to {@link #begin} and {@link #done}. */
  synchronized long started(TopicPartition tp, long offset) {
    inFlight.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    next.merge(tp, offset + 1, Math::max);
    return ownership.getOrDefault(tp, 0L);
  }

  /** A record that starts no run (unreadable, superseded): it only moves the commit position. */
  synchronized void skipped(TopicPartition tp, long offset) {
    next.merge(tp, offset + 1, Math::max);
  }

  /**
   * The run accepted at {@code offset} is about to begin: false if its partition was given up since
   * it was accepted, and then it must not.
   */
  synchronized boolean begin(TopicPartition tp, long offset, long owned) {
    if (ownership.getOrDefault(tp, 0L) != owned) {
      return false;
    }
    running.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    return true;
  }

  synchronized void done(TopicPartition tp, long offset, long owned) {
    if (owned >= forgotten.getOrDefault(tp, 0L)) { // else forget() cleared it
      remove(inFlight, tp, offset);
      remove(running, tp, offset);
    }
    notifyAll(); // a revocation may wait for its partitions' runs (awaitDone)
  }

  private static void remove(Map<TopicPartition, TreeSet<Long>> sets, TopicPartition tp, long o) {
    TreeSet<Long> offsets = sets.get(tp);
    if (offsets != null) {
      offsets.remove(o);
    }
  }

  /**
   * {@code partitions} are being given up: their runs that have not begun never will ({@link
   * #begin} says so).
   */
  synchronized void givingUp(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> ownership.merge(tp, 1L, Long::sum));
  }

  /**
   * Waits until no run of {@code partitions} that has begun is still executing, or until {@code
   * deadlineNanos} (a {@link System#nanoTime} value); true if none is.
   */
  synchronized boolean awaitDone(Collection<TopicPartition> partitions, long deadlineNanos)
      throws InterruptedException {
    while (partitions.stream().anyMatch(tp -> !running.getOrDefault(tp, EMPTY).isEmpty())) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private static final TreeSet<Long> EMPTY = new TreeSet<>();

  synchronized int inFlight() {
    return inFlight.values().stream().mapToInt(TreeSet::size).sum();
  }

  /** Offsets to commit that moved since the last call. */
  synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    next.forEach(
        (tp, end) -> {
          TreeSet<Long> offsets = inFlight.get(tp);
          long safe = offsets == null || offsets.isEmpty() ? end : offsets.first();
          if (!Long.valueOf(safe).equals(committed.get(tp))) {
            result.put(tp, new OffsetAndMetadata(safe));
            committed.put(tp, safe);
          }
        });
    return result;
  }

  /**
   * A commit of {@code offsets} failed (refused during a rebalance): the next {@link #committable}
   * offers them again, even if their partitions do not move meanwhile.
   */
  synchronized void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, offset) -> committed.remove(tp, offset.offset()));
  }

  synchronized void forget(TopicPartition tp) {
    forgotten.put(tp, ownership.merge(tp, 1L, Long::sum));
    inFlight.remove(tp);
    running.remove(tp);
    next.remove(tp);
    committed.remove(tp);
  }
}
