package dev.runlog.engine.schedule;

import java.time.Instant;

/**
 * A schedule as the engine keeps it in the {@code schedules} store, in the task of its source's
 * partition: its definition and its durable timer (the next tick), so that one engine instance
 * fires each tick and a restarted one knows which ticks it missed.
 *
 * @param spec the schedule's spec as JSON text, as its source defines it
 * @param nextTick the next tick not fired yet; null while paused or failing, or when the timing has
 *     no more ticks
 * @param lastFiredAt the scheduled time of the latest tick fired, null before the first
 * @param fired how many ticks it fired
 * @param failure why it cannot tick (its spec does not parse), or null
 * @param problem why its ticks start no run (its job is not registered), or null
 */
public record ScheduleState(
    String id,
    String spec,
    boolean paused,
    Instant nextTick,
    Instant lastFiredAt,
    long fired,
    String failure,
    String problem,
    Instant updatedAt) {

  /**
   * This state with its timer moved on after firing {@code count} ticks, the latest at {@code
   * last}.
   */
  ScheduleState advanced(Instant next, Instant last, int count, String nowProblem) {
    return new ScheduleState(
        id, spec, paused, next, last, fired + count, failure, nowProblem, updatedAt);
  }
}
