package dev.runlog.connectors.schedule;

import java.util.Locale;

/**
 * What a schedule does with ticks missed while no engine ran (or while it was stalled for longer
 * than the tick's tolerance, see {@link TickPlanner}): never a burst either way.
 */
public enum CatchUp {
  /** Missed ticks are dropped; the schedule goes on with the next tick. The default. */
  SKIP,
  /** One run for the latest missed tick (its payload says {@code "catchUp": true}), then on. */
  ONCE;

  /** The policy named {@code name} ({@code skip} or {@code once}, any case). */
  public static CatchUp named(String name) {
    for (CatchUp policy : values()) {
      if (policy.name().equalsIgnoreCase(name)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "catchUp must be \"skip\" or \"once\", not \"" + name + "\"");
  }

  /** The name in a spec: {@code skip} or {@code once}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
