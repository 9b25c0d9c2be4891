package dev.runlog.connectors.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which ticks fire now, given the next tick the engine kept and the wall clock: pure, so that every
 * case of downtime is a unit test.
 *
 * <p>A tick is <em>on time</em> while it is late by no more than its tolerance: its period (the
 * time to the tick after it), at least {@link #MIN_TOLERANCE} and at most {@link #MAX_TOLERANCE}.
 * Every tick on time fires, in order, so that a punctuation that came a second late, or a rebalance
 * of a few seconds, loses no tick of a fast schedule, and an engine restarted within a quarter of
 * an hour still runs the daily 09:00. Older ticks were <em>missed</em>: {@link CatchUp#SKIP} drops
 * them, {@link CatchUp#ONCE} fires one for the latest of them. Since the tolerance is at most about
 * one period, a plan fires at most a few ticks: never a burst, however long the engine was down.
 */
public final class TickPlanner {
  public static final Duration MIN_TOLERANCE = Duration.ofSeconds(5);
  public static final Duration MAX_TOLERANCE = Duration.ofMinutes(15);

  /** A safety bound on one plan; the tolerance keeps plans far below it. */
  static final int MAX_FIRES = 10;

  private TickPlanner() {}

  /** A tick to fire: its scheduled time, and whether it stands for missed ticks. */
  public record Tick(Instant scheduledAt, boolean catchUp) {}

  /**
   * @param fire the ticks to fire now, in order
   * @param nextTick the next tick after them, later than now (null: the timing has no more)
   */
  public record Plan(List<Tick> fire, Instant nextTick) {}

  /**
   * What to fire at {@code now}, when the next tick not yet fired is {@code nextTick} (null: none).
   */
  public static Plan plan(Timing timing, CatchUp policy, Instant nextTick, Instant now) {
    List<Tick> fire = new ArrayList<>();
    Instant missed = null;
    Instant t = nextTick;
    while (t != null && !t.isAfter(now)) {
      Instant after = timing.nextAfter(t);
      if (Duration.between(t, now).compareTo(tolerance(t, after)) <= 0) {
        if (fire.size() < MAX_FIRES) {
          fire.add(new Tick(t, false));
        }
        t = after;
        continue;
      }
      missed = t;
      // Ticks older than the largest tolerance are all missed: jump over them at once rather than
      // step through a month of one-second ticks.
      Instant surelyMissed = timing.lastAtOrBefore(now.minus(MAX_TOLERANCE).minusMillis(1));
      if (surelyMissed != null && surelyMissed.isAfter(t)) {
        missed = surelyMissed;
        after = timing.nextAfter(surelyMissed);
      }
      t = after;
    }
    if (missed != null && policy == CatchUp.ONCE) {
      fire.add(0, new Tick(missed, true));
    }
    return new Plan(List.copyOf(fire), t);
  }

  /** How late the tick at {@code tick} may fire, when the one after it is {@code after}. */
  static Duration tolerance(Instant tick, Instant after) {
    if (after == null) {
      return MAX_TOLERANCE;
    }
    Duration period = Duration.between(tick, after);
    if (period.compareTo(MIN_TOLERANCE) < 0) {
      return MIN_TOLERANCE;
    }
    return period.compareTo(MAX_TOLERANCE) > 0 ? MAX_TOLERANCE : period;
  }
}
