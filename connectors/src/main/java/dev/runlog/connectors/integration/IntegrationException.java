package dev.runlog.connectors.integration;

import java.time.Duration;
import java.util.Optional;

/**
 * An integration's call failed: says whether trying again can help, and how long the other side
 * asked to wait ({@code Retry-After}). A task that throws one that is not retryable fails at once,
 * whatever its retry policy.
 */
public class IntegrationException extends RuntimeException {
  private final boolean retryable;
  private final Duration retryAfter;

  public IntegrationException(String message, boolean retryable, Duration retryAfter) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public IntegrationException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public IntegrationException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = null;
  }

  /** False when trying again cannot help (a 4xx, Slack's {@code channel_not_found}). */
  public boolean retryable() {
    return retryable;
  }

  /** The least time before the next attempt that the other side asked for. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
