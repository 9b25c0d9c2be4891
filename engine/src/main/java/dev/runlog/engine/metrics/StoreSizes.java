package dev.runlog.engine.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How much this instance's state stores hold: their keys, counted, and the bytes of their
 * directories on disk. For tests, the benchmark and diagnosis, not for metrics: counting reads
 * every key. (RocksDB's own estimate, {@code estimate-num-keys}, counts each overwrite of a key
 * still in a memtable as one more key, so it cannot say that a store emptied.)
 */
public final class StoreSizes {
  private StoreSizes() {}

  /**
   * Keys by store, over this instance's active partitions; a store that cannot be read now is left
   * out.
   */
  public static Map<String, Long> keys(KafkaStreams streams, Collection<String> stores) {
    Map<String, Long> byStore = new TreeMap<>();
    for (String name : stores) {
      try {
        ReadOnlyKeyValueStore<Object, Object> store =
            streams.store(
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        long n = 0;
        try (KeyValueIterator<Object, Object> it = store.all()) {
          for (; it.hasNext(); it.next()) {
            n++;
          }
        }
        byStore.put(name, n);
      } catch (InvalidStateStoreException e) {
        // rebalancing or starting: not counted this time
      }
    }
    return byStore;
  }

  /**
   * Bytes of the files under {@code dir} (a state dir: the RocksDB files of every store), 0 when it
   * does not exist.
   */
  public static long diskBytes(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(StoreSizes::size).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1; // a file went (a compaction) while walking: the caller samples again
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // deleted since it was listed
    }
  }
}
