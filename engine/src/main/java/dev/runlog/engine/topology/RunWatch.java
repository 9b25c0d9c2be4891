package dev.runlog.engine.topology;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets a query wait for a run's next status change instead of polling: the run processor calls
 * {@link #changed} when a run it owns changes status, which completes the futures of everyone
 * waiting on that run. Costs the processor one map lookup while nobody waits. Only runs owned by
 * this instance are announced; whoever waits on another instance's run must also look again now and
 * then. Each waiter has its own future and removes it with {@link #forget} when it stops waiting,
 * so that waiting on a run that never changes again (a finished one) leaves nothing behind.
 */
public final class RunWatch {
  private final ConcurrentMap<String, Set<CompletableFuture<Void>>> waiting =
      new ConcurrentHashMap<>();

  // What the live pages follow (GET /api/changes): how often runs changed status and events were
  // read here. A LongAdder is a cell per thread, so the stream threads do not contend on it.
  private final LongAdder runChanges = new LongAdder();
  private final LongAdder eventsReceived = new LongAdder();

  /**
   * A future completed at the run's next status change on this instance. Ask before reading the
   * run.
   */
  public CompletableFuture<Void> next(String runId) {
    CompletableFuture<Void> change = new CompletableFuture<>();
    waiting.compute(
        runId,
        (id, futures) -> {
          Set<CompletableFuture<Void>> set =
              futures == null ? ConcurrentHashMap.newKeySet() : futures;
          set.add(change);
          return set;
        });
    return change;
  }

  /** Called by the run processor (a stream thread): wakes whoever waits on the run. */
  public void changed(String runId) {
    runChanges.increment();
    if (!waiting.isEmpty()) {
      Set<CompletableFuture<Void>> futures = waiting.remove(runId);
      if (futures != null) {
        futures.forEach(
            f -> f.complete(null)); // waiters continue on their own executor, not this thread
      }
    }
  }

  /** The waiter of {@code change} stops waiting. */
  public void forget(String runId, CompletableFuture<Void> change) {
    waiting.computeIfPresent(
        runId,
        (id, futures) -> {
          futures.remove(change);
          return futures.isEmpty() ? null : futures;
        });
  }

  /** Called by the trigger processor (a stream thread) for each event it read. */
  public void eventReceived() {
    eventsReceived.increment();
  }

  /**
   * How many status changes and events this instance has seen since it started: a page that saw
   * other numbers before has something new to show.
   */
  public Changes changes() {
    return new Changes(runChanges.sum(), eventsReceived.sum());
  }

  /** The counts of {@link #changes}. */
  public record Changes(long runs, long events) {
    public Changes plus(Changes other) {
      return new Changes(runs + other.runs, events + other.events);
    }
  }

  /** Runs waited on now: for tests. */
  public int watched() {
    return waiting.size();
  }
}
