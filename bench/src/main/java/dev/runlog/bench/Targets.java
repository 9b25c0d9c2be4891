package dev.runlog.bench;

import java.util.Map;

/**
 * The targets of issue 14, as limits on the benchmark's ratios to the raw-Kafka baselines measured
 * in the same run, so that a noisy machine moves both sides.
 */
final class Targets {
  /** A ratio's limit: at most {@code limit}, or at least it. */
  record Limit(double limit, boolean atMost) {
    boolean met(double ratio) {
      return atMost ? ratio <= limit : ratio >= limit;
    }

    @Override
    public String toString() {
      return (atMost ? "≤ " : "≥ ") + limit;
    }
  }

  static final Map<String, Limit> LIMITS =
      Map.of(
          "eventToSuccessP50/produceRoundTripP50", new Limit(6, true),
          "eventToSuccessP99/produceRoundTripP99", new Limit(4, true),
          "tasksPerSecond/rawRecordsPerSecond", new Limit(0.10, false),
          "perTaskOverheadP50/produceRoundTripP50", new Limit(1.5, true),
          "engineCostPerTask longest/shortest", new Limit(1.5, true),
          // runlog dev after 3 idle minutes: at most 1% of one core, at most 300 MiB resident
          "idleCpuSeconds/wallSeconds", new Limit(0.01, true),
          "idleRssMiB/300MiB", new Limit(1, true));

  private Targets() {}

  /** " (target ≤ 6: met)" for a ratio with a target, else "". */
  static String describe(String ratio, double value) {
    Limit limit = LIMITS.get(ratio);
    return limit == null
        ? ""
        : " (target " + limit + ": " + (limit.met(value) ? "met" : "NOT met") + ")";
  }
}
