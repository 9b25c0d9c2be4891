package dev.runlog.engine.rest;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

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
   * Why this instance will not be ready again, if so: {@code /health/live} answers 503 with it, so
   * that an orchestrator restarts the process. Empty by default.
   */
  default Optional<String> deadReason() {
    return Optional.empty();
  }

  /**
   * Not ready while any of {@code checks} is not, with the first reason found. The collection is
   * read at every call, so a check added to it later (a thread-safe collection) counts from then
   * on.
   */
  static Readiness allOf(Collection<? extends Readiness> checks) {
    return new Readiness() {
      @Override
      public Optional<String> notReadyReason() {
        return first(checks, Readiness::notReadyReason);
      }

      @Override
      public Optional<String> deadReason() {
        return first(checks, Readiness::deadReason);
      }
    };
  }

  private static Optional<String> first(
      Collection<? extends Readiness> checks, Function<Readiness, Optional<String>> reason) {
    for (Readiness check : checks) {
      Optional<String> found = reason.apply(check);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
