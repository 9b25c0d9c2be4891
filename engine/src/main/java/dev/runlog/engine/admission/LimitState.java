package dev.runlog.engine.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One concurrency limit: the runs holding its slots and the runs waiting for one, first in first
 * out. Queues are expected to stay short (a limit exists to keep work bounded); a very long queue
 * would call for one record per queued run.
 *
 * <p>A limit may hold per-key limits within it (a job's limit of 10, at most 1 per tenant): a run
 * is admitted when both have a free slot, and a queued run whose key is full is passed over, so
 * that one key's queue never holds up another key's runs. The per-key states are separate records
 * ({@link #subStoreKey}), so that their owner is the same as the limit's.
 */
public record LimitState(int limit, List<String> running, List<AdmissionMessage.Acquire> queue) {
  public static LimitState empty(int limit) {
    return new LimitState(limit, List.of(), List.of());
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
   * Pure: what an acquire or a release does to this limit and its per-key limits.
   *
   * @param subs the stored state of a per-key limit by its key, null when there is none
   */
  public Outcome apply(AdmissionMessage message, Function<String, LimitState> subs) {
    Step step = new Step(this, subs);
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
    private final List<AdmissionMessage.Acquire> queue;
    private final List<AdmissionMessage.Acquire> admitted = new ArrayList<>();
    private final List<AdmissionMessage.Acquire> queued = new ArrayList<>();
    private int limit;

    Step(LimitState state, Function<String, LimitState> stored) {
      this.stored = stored;
      this.running = new ArrayList<>(state.running());
      this.queue = new ArrayList<>(state.queue());
      this.limit = state.limit();
    }

    void acquire(AdmissionMessage.Acquire a) {
      limit = a.limit();
      queue.removeIf(q -> q.runId().equals(a.runId()));
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
      queue.removeIf(q -> q.runId().equals(r.runId()));
      if (r.subKey() != null) {
        LimitState sub = sub(r.subKey(), 0);
        List<String> left = new ArrayList<>(sub.running());
        left.remove(r.runId());
        subs.put(r.subKey(), new LimitState(sub.limit(), List.copyOf(left), List.of()));
      }
    }

    /** Admits queued runs in order while slots are free, passing over those whose key is full. */
    void drain() {
      for (Iterator<AdmissionMessage.Acquire> it = queue.iterator();
          it.hasNext() && running.size() < limit; ) {
        AdmissionMessage.Acquire next = it.next();
        if (subHasRoom(next)) {
          it.remove();
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
          new LimitState(limit, List.copyOf(running), List.copyOf(queue)),
          Map.copyOf(subs),
          admitted,
          queued);
    }
  }
}
