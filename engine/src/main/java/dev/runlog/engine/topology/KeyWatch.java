package dev.runlog.engine.topology;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Futures completed when something happens to a key (a run, an event), so that a query can wait for
 * it instead of polling. Each waiter has its own future and removes it with {@link #forget} when it
 * stops waiting, so that waiting on a key that never changes again leaves nothing behind.
 */
public final class KeyWatch {
  private final ConcurrentMap<String, Set<CompletableFuture<Void>>> waiting =
      new ConcurrentHashMap<>();

  /** A future completed at the key's next change on this instance. Ask before reading. */
  public CompletableFuture<Void> next(String key) {
    CompletableFuture<Void> change = new CompletableFuture<>();
    waiting.compute(
        key,
        (k, futures) -> {
          Set<CompletableFuture<Void>> set =
              futures == null ? ConcurrentHashMap.newKeySet() : futures;
          set.add(change);
          return set;
        });
    return change;
  }

  /** Wakes whoever waits on the key; one map lookup while nobody waits. */
  void changed(String key) {
    if (!waiting.isEmpty()) {
      Set<CompletableFuture<Void>> futures = waiting.remove(key);
      if (futures != null) {
        futures.forEach(
            f -> f.complete(null)); // waiters continue on their own executor, not this thread
      }
    }
  }

  /** The waiter of {@code change} stops waiting. */
  public void forget(String key, CompletableFuture<Void> change) {
    waiting.computeIfPresent(
        key,
        (k, futures) -> {
          futures.remove(change);
          return futures.isEmpty() ? null : futures;
        });
  }

  /** Keys waited on now. */
  int watched() {
    return waiting.size();
  }
}
