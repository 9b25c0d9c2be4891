package dev.runlog.bench;

import java.util.Locale;

/**
 * A throughput figure: {@code count} records in {@code seconds}.
 *
 * @param count records handled
 * @param seconds wall time they took
 * @param perSecond {@code count / seconds}; NaN when no time was measured, rather than infinity
 */
public record Rate(long count, double seconds, double perSecond) {

  /** The rate of {@code count} records over {@code nanos} nanoseconds. */
  public static Rate of(long count, long nanos) {
    if (count < 0 || nanos < 0) {
      throw new IllegalArgumentException(
          "count and nanos must not be negative: " + count + ", " + nanos);
    }
    double seconds = nanos / 1e9;
    return new Rate(count, seconds, nanos == 0 ? Double.NaN : count / seconds);
  }

  /** One line for logs and the README, e.g. {@code 20000 records in 0.123 s = 162602 records/s}. */
  public String summary() {
    return String.format(
        Locale.ROOT, "%d records in %.3f s = %.0f records/s", count, seconds, perSecond);
  }
}
