package dev.runlog.engine.topology;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.admission.LimitState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The queue of one concurrency limit in the {@link #STORE} store: one record per queued run, keyed
 * by the limit and its place, and one per run naming its place, so that queuing, admitting or
 * removing a run writes two small records whatever the length of the queue. Reading it in order is
 * a range scan from the oldest, a batch at a time.
 */
public final class AdmissionQueue implements LimitState.Queue {
  public static final String STORE = "admission-queue";
  private static final char PLACE = '\u0001';
  private static final char RUN = '\u0002';
  private static final int BATCH = 64;

  /** A queued run and its place; a run's index record holds only the place. */
  public record Entry(long seq, AdmissionMessage.Acquire acquire) {}

  private final KeyValueStore<String, Entry> store;
  private final String limitKey;
  private long nextSeq;
  private int size;

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
    }
  }

  /** Every queued run of a store, by the key of its limit, oldest first; for the API's views. */
  public static Map<String, List<AdmissionMessage.Acquire>> byLimit(
      ReadOnlyKeyValueStore<String, Entry> store) {
    Map<String, List<AdmissionMessage.Acquire>> queues = new LinkedHashMap<>();
    try (KeyValueIterator<String, Entry> it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        int at = kv.key.indexOf(PLACE);
        if (at >= 0 && kv.value != null && kv.value.acquire() != null) {
          queues
              .computeIfAbsent(kv.key.substring(0, at), k -> new ArrayList<>())
              .add(kv.value.acquire());
        }
      }
    }
    return queues;
  }

  @Override
  public void add(AdmissionMessage.Acquire a) {
    long seq = nextSeq++;
    store.put(place(seq), new Entry(seq, a));
    store.put(runKey(a.runId()), new Entry(seq, null));
    size++;
  }

  @Override
  public void remove(String runId) {
    Entry index = store.get(runKey(runId));
    if (index == null) {
      return;
    }
    store.delete(place(index.seq()));
    store.delete(runKey(runId));
    size--;
  }

  @Override
  public Iterator<AdmissionMessage.Acquire> oldestFirst() {
    return new Iterator<>() {
      private final Deque<Entry> batch = new ArrayDeque<>();
      private long from = 0;
      private boolean exhausted;

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
        return next.acquire();
      }

      /** The next batch from {@code from}, with the iterator closed before anything changes. */
      private void read() {
        try (KeyValueIterator<String, Entry> it = store.range(place(from), place(Long.MAX_VALUE))) {
          while (it.hasNext() && batch.size() < BATCH) {
            batch.addLast(it.next().value);
          }
          exhausted = !it.hasNext();
        }
        if (!batch.isEmpty()) {
          from = batch.peekLast().seq() + 1;
        }
      }
    };
  }

  @Override
  public LimitState with(int limit, List<String> running) {
    return new LimitState(limit, running, List.of(), nextSeq, size);
  }

  private String place(long seq) {
    return limitKey + PLACE + String.format("%016x", seq);
  }

  private String runKey(String runId) {
    return limitKey + RUN + runId;
  }
}
