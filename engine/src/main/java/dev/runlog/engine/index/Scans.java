package dev.runlog.engine.index;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** One bounded scan of a "newest first" index range (see {@link Slice}). */
final class Scans {
  private Scans() {}

  /**
   * The entries under {@code prefix} in {@code range} that {@code keep} maps to a value (null:
   * skipped), at most {@code limit}, reading at most {@link Slice#SCAN_BUDGET} keys.
   */
  static <S, V> Slice<V> scan(
      ReadOnlyKeyValueStore<String, S> store,
      String prefix,
      TimeKeys.Range range,
      int limit,
      BiFunction<String, S, V> keep) {
    List<KeyValue<String, V>> entries = new ArrayList<>();
    String lower = range.lower(prefix);
    String upper = range.upper(prefix);
    if (lower.compareTo(upper) > 0) {
      return Slice.empty();
    }
    int read = 0;
    try (KeyValueIterator<String, S> it = store.range(lower, upper)) {
      while (it.hasNext()) {
        KeyValue<String, S> kv = it.next();
        if (!kv.key.startsWith(prefix) || kv.value == null) {
          continue;
        }
        String tail = TimeKeys.tailOf(kv.key, prefix.length());
        read++;
        V value = keep.apply(tail, kv.value);
        if (value != null) {
          entries.add(KeyValue.pair(tail, value));
        }
        if (entries.size() == limit || read == Slice.SCAN_BUDGET) {
          return new Slice<>(entries, it.hasNext() ? tail : null);
        }
      }
    }
    return new Slice<>(entries, null);
  }
}
