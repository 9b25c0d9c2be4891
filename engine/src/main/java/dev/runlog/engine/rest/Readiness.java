package dev.runlog.engine.rest;

import java.util.Collection;
import java.util.Optional;

/**
 * Whether the engine can serve its API now. While a check gives a reason, {@code /health/ready}
 * answers 503 with it and so does every {@code /api/*} route (with {@code Retry-After: 1}), so a
 * load balancer or a script waits instead of reading half-started stores.
 */
@FunctionalInterface
public interface Readiness {
  /** Ready for good: for tests and embedders that have nothing to wait for. */
  Readiness READY = Optional::empty;

  /** Empty when ready; else why not, in words for whoever asked. */
  Optional<String> notReadyReason();

  /**
   * Not ready while any of {@code checks} is not, with the first reason found. The collection is
   * read at every call, so a check added to it later (a thread-safe collection) counts from then
   * on.
   */
  static Readiness allOf(Collection<? extends Readiness> checks) {
    return () -> {
      for (Readiness check : checks) {
        Optional<String> reason = check.notReadyReason();
        if (reason.isPresent()) {
          return reason;
        }
      }
      return Optional.empty();
    };
  }
}
