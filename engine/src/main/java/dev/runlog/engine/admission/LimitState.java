package dev.runlog.engine.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One concurrency limit: the runs holding its slots, and how many wait for one, first in first out.
 * The waiting runs are a {@link Queue}: in the engine one store record each, so that a run queued
 * or admitted costs a few small writes however long the queue is (one record holding the whole
 * queue was rewritten by every message, and passed Kafka's record limit at about 8,000 queued
 * runs). {@link #queue()} holds them only in the in-memory form ({@link #apply(AdmissionMessage)})
 * and in records written before the queue moved out.
 *
 * <p>A limit may hold per-key limits within it (a job's limit of 10, at most 1 per tenant): a run
 * is admitted when both have a free slot, and a queued run whose key is full is passed over, so
 * that one key's queue never holds up another key's runs. The per-key states are separate records
 * ({@link #subStoreKey}), so that their owner is the same as the limit's.
 *
 * @param nextSeq the number the next queued run gets (its place in the stored queue)
 * @param queued how many runs the stored queue holds
 */
public record LimitState(
    int limit,
    List<String> running,
    List<AdmissionMessage.Acquire> queue,
    long nextSeq,
    int queued) {
  public LimitState(int limit, List<String> running, List<AdmissionMessage.Acquire> queue) {
    this(limit, running, queue, 0, queue.size());
  }

  public static LimitState empty(int limit) {
    return new LimitState(limit, List.of(), List.of());
  }

  /** The runs waiting for a slot of one limit, oldest first. */
  public interface Queue {
    /** Puts {@code a} at the end. */
    void add(AdmissionMessage.Acquire a);

    /** Takes run {@code runId} out, if it is queued. */
    void remove(String runId);

    /**
     * The queued runs that may be admitted next, oldest first: every queued run, or only the oldest
     * of each per-key limit's key (the runs behind it wait for the same key's room). Runs it
     * returned may be removed while it is in use; it then goes on after them, with the run that
     * came next in a removed run's key in its place.
     */
    Iterator<AdmissionMessage.Acquire> oldestFirst();

    /** The limit's state with this queue: {@code limit} and {@code running} as given. */
    LimitState with(int limit, List<String> running);
  }

  /** Where the per-key limit {@code subKey} of limit {@code limitKey} is stored. */
  public static String subStoreKey(String limitKey, String subKey) {
    return limitKey + "|" + subKey;
  }

  /**
   * The outcome of a message: the new state, the per-key states it changed, and the runs it admits
   * or queues.
   */
  public record Outcome(
      LimitState state,
      Map<String, LimitState> subs,
      List<AdmissionMessage.Acquire> admitted,
      List<AdmissionMessage.Acquire> queued) {}

  /** Pure: what an acquire or a release does to a limit without per-key limits. */
  public Outcome apply(AdmissionMessage message) {
    return apply(message, key -> null);
  }

  /**
   * Pure: what an acquire or a release does to this limit and its per-key limits, its queue in
   * {@link #queue()}.
   *
   * @param subs the stored state of a per-key limit by its key, null when there is none
   */
  public Outcome apply(AdmissionMessage message, Function<String, LimitState> subs) {
    return apply(message, subs, new ListQueue(queue));
  }

  /**
   * What an acquire or a release does to this limit, its per-key limits and its {@code queue}: the
   * queue is changed in place, the outcome's state is the queue's {@link Queue#with}.
   */
  public Outcome apply(AdmissionMessage message, Function<String, LimitState> subs, Queue queue) {
    Step step = new Step(this, subs, queue);
    if (message instanceof AdmissionMessage.Acquire a) {
      step.acquire(a);
    } else if (message instanceof AdmissionMessage.Release r) {
      step.release(r);
    }
    step.drain();
    return step.outcome();
  }

  /** The mutable working copy of one {@link #apply}. */
  private static final class Step {
    private final Function<String, LimitState> stored;
    private final Map<String, LimitState> subs = new HashMap<>();
    private final List<String> running;
    private final Queue queue;
    private final List<AdmissionMessage.Acquire> admitted = new ArrayList<>();
    private final List<AdmissionMessage.Acquire> queued = new ArrayList<>();
    private int limit;

    Step(LimitState state, Function<String, LimitState> stored, Queue queue) {
      this.stored = stored;
      this.running = new ArrayList<>(state.running());
      this.queue = queue;
      this.limit = state.limit();
    }

    void acquire(AdmissionMessage.Acquire a) {
      limit = a.limit();
      queue.remove(a.runId());
      if (running.contains(a.runId())) {
        admitted.add(a); // asked again (a redelivery): it has the slot
      } else if (running.size() < limit && subHasRoom(a)) {
        admit(a);
      } else {
        queue.add(a);
        queued.add(a);
      }
    }

    void release(AdmissionMessage.Release r) {
      running.remove(r.runId());
      queue.remove(r.runId());
      if (r.subKey() != null) {
        LimitState sub = sub(r.subKey(), 0);
        List<String> left = new ArrayList<>(sub.running());
        left.remove(r.runId());
        subs.put(r.subKey(), new LimitState(sub.limit(), List.copyOf(left), List.of()));
      }
    }

    /** Admits queued runs in order while slots are free, passing over those whose key is full. */
    void drain() {
      if (running.size() >= limit) {
        return; // no slot: the queue is not read
      }
      for (Iterator<AdmissionMessage.Acquire> it = queue.oldestFirst();
          running.size() < limit && it.hasNext(); ) {
        AdmissionMessage.Acquire next = it.next();
        if (subHasRoom(next)) {
          queue.remove(next.runId());
          admit(next);
        }
      }
    }

    private void admit(AdmissionMessage.Acquire a) {
      running.add(a.runId());
      admitted.add(a);
      if (a.subKey() != null) {
        LimitState sub = sub(a.subKey(), a.subLimit());
        List<String> now = new ArrayList<>(sub.running());
        now.add(a.runId());
        subs.put(a.subKey(), new LimitState(a.subLimit(), List.copyOf(now), List.of()));
      }
    }

    private boolean subHasRoom(AdmissionMessage.Acquire a) {
      if (a.subKey() == null) {
        return true;
      }
      LimitState sub = sub(a.subKey(), a.subLimit());
      return sub.running().contains(a.runId()) || sub.running().size() < a.subLimit();
    }

    private LimitState sub(String key, int limitIfNew) {
      return subs.computeIfAbsent(
          key,
          k -> {
            LimitState s = stored.apply(k);
            return s == null ? empty(limitIfNew) : s;
          });
    }

    Outcome outcome() {
      return new Outcome(
          queue.with(limit, List.copyOf(running)), Map.copyOf(subs), admitted, queued);
    }
  }

  /** A queue in memory: {@link #queue()} as a list. */
  private static final class ListQueue implements Queue {
    private final List<AdmissionMessage.Acquire> runs;

    ListQueue(List<AdmissionMessage.Acquire> runs) {
      this.runs = new ArrayList<>(runs);
    }

    @Override
    public void add(AdmissionMessage.Acquire a) {
      runs.add(a);
    }

    @Override
    public void remove(String runId) {
      runs.removeIf(q -> q.runId().equals(runId));
    }

    @Override
    public Iterator<AdmissionMessage.Acquire> oldestFirst() {
      return List.copyOf(runs).iterator();
    }

    @Override
    public LimitState with(int limit, List<String> running) {
      return new LimitState(limit, running, List.copyOf(runs));
    }
  }
}
