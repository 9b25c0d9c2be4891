package dev.runlog.engine.store;

import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store seen through the writes of the record being processed, which are held in memory until
 * {@link #writeOut}: reads see them (a put, then a get, gives the value put; scans merge them in),
 * the store sees nothing of them until then, and {@link #discard} drops them. One map per store,
 * reused from record to record; reads of keys not written go straight to the store.
 */
final class StagedStore<V> implements KeyValueStore<String, V> {
  /** Stands for a delete among the staged writes. */
  private static final Object DELETED = new Object();

  /**
   * The order of the store's keys: their UTF-8 bytes, which is code point order (not String's
   * UTF-16 order).
   */
  private static final Comparator<String> KEY_ORDER = StagedStore::compareUtf8;

  private final KeyValueStore<String, V> store;
  private final Map<String, Object> staged = new LinkedHashMap<>();

  StagedStore(KeyValueStore<String, V> store) {
    this.store = store;
  }

  /** Writes the staged puts and deletes to the store, in the order they were made. */
  void writeOut() {
    if (staged.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> write : staged.entrySet()) {
      // A null value deletes: unlike delete(), it does not read the old value first.
      store.put(write.getKey(), write.getValue() == DELETED ? null : cast(write.getValue()));
    }
    staged.clear();
  }

  void discard() {
    staged.clear();
  }

  @Override
  public V get(String key) {
    if (staged.isEmpty()) {
      return store.get(key);
    }
    Object value = staged.get(key);
    if (value == null) {
      return store.get(key);
    }
    return value == DELETED ? null : cast(value);
  }

  @Override
  public void put(String key, V value) {
    staged.put(key, value == null ? DELETED : value);
  }

  @Override
  public V putIfAbsent(String key, V value) {
    V current = get(key);
    if (current == null) {
      put(key, value);
    }
    return current;
  }

  @Override
  public void putAll(List<KeyValue<String, V>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public V delete(String key) {
    V old = get(key);
    staged.put(key, DELETED);
    return old;
  }

  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    return merged(
        store.range(from, to),
        k ->
            (from == null || compareUtf8(from, k) <= 0) && (to == null || compareUtf8(k, to) <= 0));
  }

  @Override
  public KeyValueIterator<String, V> all() {
    return merged(store.all(), k -> true);
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(
      P prefix, PS prefixKeySerializer) {
    if (!(prefix instanceof String p)) {
      throw new UnsupportedOperationException("a staged store scans String prefixes only");
    }
    return merged(store.prefixScan(prefix, prefixKeySerializer), k -> k.startsWith(p));
  }

  @Override
  public long approximateNumEntries() {
    return store.approximateNumEntries();
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    throw new UnsupportedOperationException(
        "a staged store wraps a store that Kafka Streams initialises");
  }

  @Override
  public void close() {
    // the store underneath belongs to Kafka Streams
  }

  @Override
  public boolean persistent() {
    return store.persistent();
  }

  @Override
  public boolean isOpen() {
    return store.isOpen();
  }

  /**
   * The store's entries with the staged writes that {@code inScan} selects merged in, in key order.
   */
  private KeyValueIterator<String, V> merged(
      KeyValueIterator<String, V> stored, Predicate<String> inScan) {
    if (staged.isEmpty()) {
      return stored;
    }
    TreeMap<String, V> entries = new TreeMap<>(KEY_ORDER);
    try (stored) {
      stored.forEachRemaining(kv -> entries.put(kv.key, kv.value));
    }
    staged.forEach(
        (key, value) -> {
          if (inScan.test(key)) {
            if (value == DELETED) {
              entries.remove(key);
            } else {
              entries.put(key, cast(value));
            }
          }
        });
    return new ListIterator<>(entries.entrySet().iterator());
  }

  @SuppressWarnings("unchecked")
  private V cast(Object value) {
    return (V) value;
  }

  static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx != sy) { // a surrogate is half of a code point above U+FFFF: after every other char
          return sx ? 1 : -1;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  private static final class ListIterator<V> implements KeyValueIterator<String, V> {
    private final Iterator<Map.Entry<String, V>> entries;
    private Map.Entry<String, V> next;

    ListIterator(Iterator<Map.Entry<String, V>> entries) {
      this.entries = entries;
      this.next = entries.hasNext() ? entries.next() : null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public KeyValue<String, V> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      KeyValue<String, V> kv = KeyValue.pair(next.getKey(), next.getValue());
      next = entries.hasNext() ? entries.next() : null;
      return kv;
    }

    @Override
    public String peekNextKey() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      return next.getKey();
    }

    @Override
    public void close() {}
  }
}
