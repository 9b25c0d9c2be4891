package dev.runlog.engine.query;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Lets a query wait for a run's next status change instead of polling: the run processor calls
 * {@link #changed} when a run it owns changes status, which completes the futures handed out for
 * that run. Costs the processor one map lookup while nobody waits. Only runs owned by this instance
 * are announced; whoever waits on another instance's run must also look again now and then.
 */
public final class RunWatch {
  private final ConcurrentMap<String, CompletableFuture<Void>> next = new ConcurrentHashMap<>();

  /**
   * Completes at the run's next status change on this instance. Ask before reading the run, so that
   * a change between the read and the wait is not missed. The caller gets its own copy: timing it
   * out does not affect other waiters.
   */
  public CompletableFuture<Void> next(String runId) {
    return next.computeIfAbsent(runId, id -> new CompletableFuture<>()).copy();
  }

  /** Called by the run processor (a stream thread): wakes whoever waits on the run. */
  public void changed(String runId) {
    if (!next.isEmpty()) {
      CompletableFuture<Void> waiting = next.remove(runId);
      if (waiting != null) {
        waiting.complete(null); // the waiters' copies continue on their own executor, not this thread
      }
    }
  }

  /** Drops a run's waiting future once nobody waits on it any more (all timed out). */
  public void forget(String runId) {
    next.computeIfPresent(runId, (id, f) -> f.getNumberOfDependents() == 0 ? null : f);
  }

  /** Runs waited on now: for metrics and tests. */
  public int watched() {
    return next.size();
  }
}
