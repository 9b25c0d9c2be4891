package dev.runlog.engine.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * What one bounded scan of a "newest first" index found: entries keyed by their tail ({@link
 * TimeKeys}), in order, and where the scan stopped.
 *
 * <p>A scan stops when it has {@code limit} entries or has read its budget of keys (a filter such
 * as a status may skip many): {@code stop} is then the tail of the last key it read, and every tail
 * up to it was looked at; null when it read its whole range. Merging slices keeps only entries no
 * later than the earliest stop, so that a page never skips what a slice has not read yet: the next
 * page starts after the last entry shown, or after that stop when the page is short. A page may
 * therefore hold fewer entries than asked while there are more.
 *
 * @param <V> what an entry holds
 */
public record Slice<V>(List<KeyValue<String, V>> entries, String stop) {
  /** How many keys one scan reads at most, whatever its filter keeps: a request's bound. */
  public static final int SCAN_BUDGET = 5_000;

  public Slice {
    entries = List.copyOf(entries);
  }

  public static <V> Slice<V> empty() {
    return new Slice<>(List.of(), null);
  }

  /** True when there may be more after this slice. */
  public boolean more() {
    return stop != null;
  }

  /** Slices of disjoint ranges or sources as one, of at most {@code limit} entries. */
  public static <V> Slice<V> merge(List<Slice<V>> slices, int limit) {
    String cutoff = null;
    List<KeyValue<String, V>> all = new ArrayList<>();
    for (Slice<V> slice : slices) {
      all.addAll(slice.entries());
      if (slice.stop() != null && (cutoff == null || slice.stop().compareTo(cutoff) < 0)) {
        cutoff = slice.stop();
      }
    }
    all.sort(Comparator.comparing(kv -> kv.key));
    List<KeyValue<String, V>> page = new ArrayList<>();
    for (KeyValue<String, V> kv : all) {
      if (page.size() == limit || (cutoff != null && kv.key.compareTo(cutoff) > 0)) {
        break;
      }
      if (page.isEmpty() || !page.get(page.size() - 1).key.equals(kv.key)) {
        page.add(kv); // one entry read twice (the same run under two of its keys) shows once
      }
    }
    String stop;
    if (page.size() == limit && (all.size() > limit || cutoff != null)) {
      stop = page.get(page.size() - 1).key;
    } else {
      stop = cutoff;
    }
    return new Slice<>(page, stop);
  }
}
