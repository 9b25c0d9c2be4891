package dev.runlog.engine.rest;

import dev.runlog.engine.topology.KeyWatch;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, holding no thread, until a read finds what a request waits for or its time is up. The
 * instance that owns the key wakes the waiter through its {@link KeyWatch} the moment it changes;
 * what another instance owns is read again every {@code recheckMs}.
 */
final class LongPoll {
  static final long DEFAULT_WAIT_MS = 30_000;
  static final long MAX_WAIT_MS = 60_000;

  private final long recheckNanos;
  private final Executor executor;

  LongPoll(long recheckMs, Executor executor) {
    this.recheckNanos = TimeUnit.MILLISECONDS.toNanos(recheckMs);
    this.executor = executor;
  }

  /** The request's {@code timeoutMs}: 0 to {@value #MAX_WAIT_MS}, {@code orElse} when absent. */
  static long timeoutMs(Context ctx, long orElse) {
    String value = ctx.queryParam("timeoutMs");
    if (value == null) {
      return orElse;
    }
    try {
      long ms = Long.parseLong(value);
      if (ms >= 0 && ms <= MAX_WAIT_MS) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiError(
        400,
        "timeoutMs must be a number of milliseconds from 0 to " + MAX_WAIT_MS + ", not " + value);
  }

  /** A deadline {@code timeoutMs} from now, as {@link #await} takes it. */
  static long deadline(long timeoutMs) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
  }

  /**
   * {@code found}, or a 404 at once when it is absent because it expired ({@code expired} says so):
   * nothing brings it back, so nobody waits for it.
   */
  static <T> Optional<T> unlessExpired(Optional<T> found, Supplier<Optional<ApiError>> expired) {
    if (found.isEmpty()) {
      Optional<ApiError> gone = expired.get();
      if (gone.isPresent()) {
        throw gone.get();
      }
    }
    return found;
  }

  /**
   * What {@code read} last found once {@code reached} holds for it, or at {@code deadline} (a
   * {@link System#nanoTime} value): empty if it found nothing by then.
   */
  <T> CompletableFuture<Optional<T>> await(
      KeyWatch watch, String key, Supplier<Optional<T>> read, Predicate<T> reached, long deadline) {
    CompletableFuture<Void> changed = watch.next(key); // before the read: no change is missed
    Optional<T> found;
    try {
      found = read.get();
    } catch (RuntimeException e) {
      watch.forget(key, changed);
      throw e;
    }
    long left = deadline - System.nanoTime();
    if (found.filter(reached).isPresent() || left <= 0) {
      watch.forget(key, changed);
      return CompletableFuture.completedFuture(found);
    }
    return changed
        .completeOnTimeout(null, Math.min(left, recheckNanos), TimeUnit.NANOSECONDS)
        .thenComposeAsync(
            x -> {
              watch.forget(key, changed);
              return await(watch, key, read, reached, deadline);
            },
            executor);
  }
}
