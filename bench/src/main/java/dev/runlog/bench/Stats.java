package dev.runlog.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency figures of a set of samples, in milliseconds.
 *
 * <p>Percentiles are nearest-rank: the value at rank {@code ceil(p/100 × count)} of the sorted
 * samples, so every figure is a latency that was actually observed (no interpolation between two
 * samples, which would invent a p99 nobody saw on a small sample). No samples give NaN figures
 * rather than zeros, so an empty measurement cannot pass for a fast one.
 *
 * @param count how many samples
 * @param p50Ms the median
 * @param p99Ms the 99th percentile (with fewer than 100 samples, the maximum)
 * @param maxMs the slowest sample
 * @param meanMs the arithmetic mean
 */
public record Stats(int count, double p50Ms, double p99Ms, double maxMs, double meanMs) {

  private static final double NANOS_PER_MILLI = 1_000_000.0;

  /** Figures of samples measured in nanoseconds (as from {@link System#nanoTime()} differences). */
  public static Stats of(long[] nanos) {
    double[] millis = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      millis[i] = nanos[i] / NANOS_PER_MILLI;
    }
    return ofMillis(millis);
  }

  /** Figures of samples already in milliseconds. */
  public static Stats ofMillis(double[] millis) {
    if (millis.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] sorted = millis.clone(); // the caller's order may matter to it (e.g. a time series)
    Arrays.sort(sorted);
    double sum = 0;
    for (double m : sorted) {
      sum += m;
    }
    return new Stats(
        sorted.length,
        nearestRank(sorted, 50),
        nearestRank(sorted, 99),
        sorted[sorted.length - 1],
        sum / sorted.length);
  }

  /**
   * The sample at rank ceil(percent/100 × n), computed in integers so that 99 % of 100 is rank 99,
   * not 100.
   */
  static double nearestRank(double[] sorted, int percent) {
    long n = sorted.length;
    long rank = (percent * n + 99) / 100;
    return sorted[(int) Math.max(1, Math.min(n, rank)) - 1];
  }

  /**
   * One line for logs and the README, e.g. {@code n=50 p50=0.35 ms p99=1.70 ms max=2.10 ms
   * mean=0.41 ms}.
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms mean=%.2f ms",
        count,
        p50Ms,
        p99Ms,
        maxMs,
        meanMs);
  }
}
