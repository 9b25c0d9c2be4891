package dev.runlog.protocol.job;

import java.time.Duration;

/**
 * When a failed task is tried again: exponential back-off. The delay after attempt {@code n} fails
 * is {@code min(maxDelay, minDelay * factor^(n-1))}, and with {@code randomize} up to twice that
 * (still at most maxDelay), so that many runs failing together do not retry together.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.exponential(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)).randomized();
 * }</pre>
 *
 * @param limit attempts in all, the first one included (1: no retry)
 */
public record RetryPolicy(
    int limit, double factor, long minDelayMillis, long maxDelayMillis, boolean randomize) {
  public RetryPolicy {
    if (limit < 1) {
      throw new IllegalArgumentException("a retry policy allows at least 1 attempt");
    }
    if (factor < 1 || minDelayMillis < 0 || maxDelayMillis < minDelayMillis) {
      throw new IllegalArgumentException(
          "retry delays need factor >= 1 and 0 <= minDelay <= maxDelay");
    }
  }

  /** One attempt, no retry. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, 1, 0, 0, false);
  }

  /**
   * Up to {@code limit} attempts, waiting minDelay, minDelay * factor, ... between them, at most
   * maxDelay.
   */
  public static RetryPolicy exponential(
      int limit, Duration minDelay, double factor, Duration maxDelay) {
    return new RetryPolicy(limit, factor, minDelay.toMillis(), maxDelay.toMillis(), false);
  }

  /** This policy with each delay stretched by a random factor between 1 and 2. */
  public RetryPolicy randomized() {
    return new RetryPolicy(limit, factor, minDelayMillis, maxDelayMillis, true);
  }

  /** True when another attempt may follow attempt {@code attempt} (1-based). */
  public boolean allowsAfter(int attempt) {
    return attempt < limit;
  }

  /**
   * The delay before the attempt after {@code attempt} (1-based).
   *
   * @param random a number in [0, 1), used only when randomized
   */
  public Duration delayAfter(int attempt, double random) {
    double base = minDelayMillis * Math.pow(factor, Math.max(0, attempt - 1));
    double stretched = randomize ? base * (1 + random) : base;
    return Duration.ofMillis((long) Math.min(maxDelayMillis, stretched));
  }
}
