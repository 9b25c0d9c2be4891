package dev.runlog.sdk;

import dev.runlog.protocol.job.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * When a failed task is tried again. {@link #times(int) times(n)} counts <i>retries</i>, as
 * Trigger.dev does: {@code Retry.times(3)} is the first attempt and up to three more. The delay
 * doubles from 1 s up to 1 min, stretched by a random factor between 1 and 2 so that runs failing
 * together do not retry together.
 *
 * <pre>{@code
 * Profile p = io.runTask("profile", Profile.class, Retry.times(3), () -> github.profile(login));
 * Retry patient = Retry.times(10).delay(Duration.ofSeconds(5)).maxDelay(Duration.ofMinutes(10));
 * }</pre>
 *
 * @param retries attempts after the first one
 * @param delay the delay before the first retry
 * @param factor how much each delay grows over the one before
 * @param maxDelay no delay is longer
 * @param jitter whether each delay is stretched by a random factor between 1 and 2 (still at most
 *     maxDelay)
 */
public record Retry(int retries, Duration delay, double factor, Duration maxDelay, boolean jitter) {
  private static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);
  private static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(1);

  public Retry {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
    }
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (delay.isNegative() || factor < 1 || maxDelay.compareTo(delay) < 0) {
      throw new IllegalArgumentException(
          "retry delays need 0 <= delay <= maxDelay and factor >= 1");
    }
  }

  /** No retry: a failure is final. */
  public static Retry none() {
    return times(0);
  }

  /** Up to {@code retries} retries after the first attempt, with the default back-off. */
  public static Retry times(int retries) {
    return new Retry(retries, DEFAULT_DELAY, 2, DEFAULT_MAX_DELAY, true);
  }

  /** This policy with {@code first} before the first retry (and growing from there). */
  public Retry delay(Duration first) {
    return new Retry(
        retries, first, factor, maxDelay.compareTo(first) < 0 ? first : maxDelay, jitter);
  }

  /** This policy with each delay {@code factor} times the one before (1: a fixed delay). */
  public Retry factor(double factor) {
    return new Retry(retries, delay, factor, maxDelay, jitter);
  }

  /** This policy with no delay longer than {@code max}. */
  public Retry maxDelay(Duration max) {
    return new Retry(retries, delay, factor, max, jitter);
  }

  /** This policy with exact delays, no random stretch. */
  public Retry withoutJitter() {
    return new Retry(retries, delay, factor, maxDelay, false);
  }

  /** The same policy in the engine's terms, which count attempts (the first one included). */
  public RetryPolicy policy() {
    return new RetryPolicy(retries + 1, factor, delay.toMillis(), maxDelay.toMillis(), jitter);
  }
}
