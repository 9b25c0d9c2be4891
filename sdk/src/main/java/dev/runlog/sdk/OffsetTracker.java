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
 */
final class OffsetTracker {
  private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  synchronized void started(TopicPartition tp, long offset) {
    inFlight.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    next.merge(tp, offset + 1, Math::max);
  }

  /** A record that starts no run (unreadable, superseded): it only moves the commit position. */
  synchronized void skipped(TopicPartition tp, long offset) {
    next.merge(tp, offset + 1, Math::max);
  }

  synchronized void done(TopicPartition tp, long offset) {
    TreeSet<Long> offsets = inFlight.get(tp);
    if (offsets != null) {
      offsets.remove(offset);
    }
    notifyAll(); // a revocation may wait for its partitions' runs (awaitDone)
  }

  /**
   * Waits until no run of {@code partitions} is executing, or until {@code deadlineNanos} (a {@link
   * System#nanoTime} value); true if none is.
   */
  synchronized boolean awaitDone(Collection<TopicPartition> partitions, long deadlineNanos)
      throws InterruptedException {
    while (partitions.stream().anyMatch(tp -> !inFlight.getOrDefault(tp, EMPTY).isEmpty())) {
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
    inFlight.remove(tp);
    next.remove(tp);
    committed.remove(tp);
  }
}
