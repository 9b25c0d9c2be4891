package dev.runlog.engine.topology;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.admission.LimitState;
import dev.runlog.engine.store.Keys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The queue of one concurrency limit in the {@link #STORE} store: one record per queued run, so
 * that queuing, admitting or removing a run writes a few small records whatever the length of the
 * queue.
 *
 * <p>The runs are queued per key of the limit's per-key limit (one queue for runs without a key),
 * and the front run of each key's queue is also in the limit's list of fronts, ordered by place.
 * Reading the queue for the next run to admit reads the fronts, oldest first: a key whose per-key
 * limit is full costs one read, however many of its runs wait behind it. (With one queue for all
 * keys, one tenant's flood of runs was read at every message while its key was full: quadratic.)
 *
 * <p>Keys, after the limit's key: {@code EOT key-length key place} a queued run, {@code STX runId}
 * the same run by its id, {@code ETX place} a front, {@code ENQ key} a key's front by its key,
 * {@code ACK} where the oldest front was when last read. {@code SOH place} is the single queue of
 * the engine before per-key queues; a limit found with it is moved to per-key queues first.
 */
public final class AdmissionQueue implements LimitState.Queue {
  public static final String STORE = "admission-queue";
  private static final char SINGLE = '\u0001';
  private static final char RUN = '\u0002';
  private static final char FRONT = '\u0003';
  private static final char QUEUED = '\u0004';
  private static final char KEY_FRONT = '\u0005';
  private static final char SCAN_FROM = '\u0006';
  private static final int BATCH = 64;

  /** A queued run and its place; also what a front and a run's place record hold. */
  public record Entry(long seq, AdmissionMessage.Acquire acquire) {}

  private final KeyValueStore<String, Entry> store;
  private final String limitKey;
  private long nextSeq;
  private int size;
  private Fronts reading;

  /**
   * The queue of limit {@code limitKey} as {@code head} counts it; runs {@code head} still holds in
   * its own record (written before the queue moved out) are moved in first, in order.
   */
  AdmissionQueue(KeyValueStore<String, Entry> store, String limitKey, LimitState head) {
    this.store = store;
    this.limitKey = limitKey;
    this.nextSeq = head == null ? 0 : head.nextSeq();
    // a record of the older form counts nothing: its list is the queue
    this.size = head == null || !head.queue().isEmpty() ? 0 : head.queued();
    if (head != null) {
      head.queue().forEach(this::add);
      if (head.queued() > 0) {
        moveSingleQueue();
      }
    }
  }

  /** Every queued run of a store, by the key of its limit, oldest first; for the API's views. */
  public static Map<String, List<AdmissionMessage.Acquire>> byLimit(
      ReadOnlyKeyValueStore<String, Entry> store) {
    Map<String, List<Entry>> queues = new LinkedHashMap<>();
    try (KeyValueIterator<String, Entry> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Entry> kv = it.next();
        int at = kindAt(kv.key);
        if (at >= 0
            && (kv.key.charAt(at) == QUEUED || kv.key.charAt(at) == SINGLE)
            && kv.value != null
            && kv.value.acquire() != null) {
          queues.computeIfAbsent(kv.key.substring(0, at), k -> new ArrayList<>()).add(kv.value);
        }
      }
    }
    Map<String, List<AdmissionMessage.Acquire>> inOrder = new LinkedHashMap<>();
    queues.forEach(
        (limit, entries) ->
            inOrder.put(
                limit,
                entries.stream()
                    .sorted(Comparator.comparingLong(Entry::seq))
                    .map(Entry::acquire)
                    .toList()));
    return inOrder;
  }

  @Override
  public void add(AdmissionMessage.Acquire a) {
    insert(new Entry(nextSeq++, a));
    size++;
  }

  @Override
  public void remove(String runId) {
    Entry placed = store.get(runKey(runId));
    if (placed == null) {
      return;
    }
    if (placed.acquire() == null) { // placed in the single queue, which the constructor moved out
      store.delete(singleKey(placed.seq()));
      store.delete(runKey(runId));
      size--;
      return;
    }
    String key = keyOf(placed.acquire());
    store.delete(queuedKey(key, placed.seq()));
    store.delete(runKey(runId));
    size--;
    Entry front = store.get(keyFrontKey(key));
    if (front == null || front.seq() != placed.seq()) {
      return; // a run behind its key's front
    }
    store.delete(frontKey(placed.seq()));
    Entry next = after(key, placed.seq());
    if (next == null) {
      store.delete(keyFrontKey(key));
      return;
    }
    store.put(keyFrontKey(key), next);
    store.put(frontKey(next.seq()), next);
    if (reading != null) {
      reading.appeared(next.seq());
    }
  }

  /**
   * The front run of each key's queue, oldest first. A run becomes a front when the one before it
   * leaves (admitted or removed) while this is read; it is returned in its place.
   */
  @Override
  public Iterator<AdmissionMessage.Acquire> oldestFirst() {
    reading = new Fronts();
    return reading;
  }

  @Override
  public LimitState with(int limit, List<String> running) {
    return new LimitState(limit, running, List.of(), nextSeq, size);
  }

  /** Queues {@code e} at its place, as its key's front when its key has no run queued. */
  private void insert(Entry e) {
    String key = keyOf(e.acquire());
    store.put(queuedKey(key, e.seq()), e);
    store.put(runKey(e.acquire().runId()), e);
    if (store.get(keyFrontKey(key)) == null) {
      store.put(keyFrontKey(key), e);
      store.put(frontKey(e.seq()), e);
    }
  }

  /**
   * The oldest queued run of {@code key} after place {@code seq}, or null. Read from there, not
   * from the key's start: the runs before it left, and their deletes are still in the store's way.
   */
  private Entry after(String key, long seq) {
    try (KeyValueIterator<String, Entry> it =
        store.range(queuedKey(key, seq + 1), queuedKey(key, Long.MAX_VALUE))) {
      return it.hasNext() ? it.next().value : null;
    }
  }

  /**
   * Moves the runs of the single queue of before per-key queues to theirs, keeping their places.
   */
  private void moveSingleQueue() {
    List<Entry> single = new ArrayList<>();
    try (KeyValueIterator<String, Entry> it =
        store.range(singleKey(0), singleKey(Long.MAX_VALUE))) {
      it.forEachRemaining(kv -> single.add(kv.value));
    }
    for (Entry e : single) {
      store.delete(singleKey(e.seq()));
      insert(e);
    }
  }

  /** The fronts from the oldest, a batch at a time, read again from where a new front appeared. */
  private final class Fronts implements Iterator<AdmissionMessage.Acquire> {
    private final Deque<Entry> batch = new ArrayDeque<>();

    /**
     * Where the oldest front was at the last read: no front is older (a new one is a new run, or
     * the next of its key). Reading from there skips the deletes of the fronts admitted before,
     * which RocksDB keeps until a compaction and a seek from the start would step over each time.
     */
    private final long start = scanFrom();

    private long from = start;
    private long returnedUpTo = start;
    private boolean exhausted;
    private boolean startMoved;

    @Override
    public boolean hasNext() {
      if (batch.isEmpty() && !exhausted) {
        read();
      }
      return !batch.isEmpty();
    }

    @Override
    public AdmissionMessage.Acquire next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Entry next = batch.removeFirst();
      returnedUpTo = next.seq() + 1;
      return next.acquire();
    }

    /** A run became a front at {@code seq}: the batch read before does not have it. */
    void appeared(long seq) {
      batch.clear();
      exhausted = false;
      from = Math.min(seq, returnedUpTo);
    }

    /** The next batch from {@code from}, with the iterator closed before anything changes. */
    private void read() {
      try (KeyValueIterator<String, Entry> it =
          store.range(frontKey(from), frontKey(Long.MAX_VALUE))) {
        while (it.hasNext() && batch.size() < BATCH) {
          batch.addLast(it.next().value);
        }
        exhausted = !it.hasNext();
      }
      if (!batch.isEmpty()) {
        long oldest = batch.peekFirst().seq();
        if (!startMoved && from == start && oldest > start) {
          store.put(scanFromKey(), new Entry(oldest, null));
          startMoved = true;
        }
        from = batch.peekLast().seq() + 1;
      }
    }
  }

  private long scanFrom() {
    Entry at = store.get(scanFromKey());
    return at == null ? 0 : at.seq();
  }

  /** The per-key limit's key of {@code a}, "" for none (such runs share one queue). */
  private static String keyOf(AdmissionMessage.Acquire a) {
    return a.subKey() == null ? "" : a.subKey();
  }

  /** Where the kind of a key of this store starts, after its limit's key; -1 when none. */
  private static int kindAt(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= SINGLE && c <= SCAN_FROM) {
        return i;
      }
    }
    return -1;
  }

  private String frontKey(long seq) {
    return limitKey + FRONT + place(seq);
  }

  private String scanFromKey() {
    return limitKey + SCAN_FROM;
  }

  /** Where a key's front is named, to find it by its key. */
  private String keyFrontKey(String key) {
    return limitKey + KEY_FRONT + key;
  }

  /** A key's queue: its length first, so that no key's queue is a prefix of another's. */
  private String queuedKey(String key, long seq) {
    return limitKey + QUEUED + Keys.padded(key.length(), 10) + key + place(seq);
  }

  /** As the single queue was keyed: places in hexadecimal. */
  private String singleKey(long seq) {
    return limitKey + SINGLE + String.format("%016x", seq);
  }

  private String runKey(String runId) {
    return limitKey + RUN + runId;
  }

  private static String place(long seq) {
    return Keys.padded(seq, 19); // Long.MAX_VALUE's digits
  }
}
