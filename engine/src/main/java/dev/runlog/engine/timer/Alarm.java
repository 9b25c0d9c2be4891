package dev.runlog.engine.timer;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A wall-clock punctuation scheduled for when there is work, instead of every tick: for the next
 * due timer of a store, the next tick of a schedule, or while runs wait for a connection.
 *
 * <p>Why: Kafka Streams marks a task as needing a commit at each wall-clock punctuation, whatever
 * it did, and each punctuation scans a store. With a dozen punctuators of 100 ms in the tasks of
 * one instance, an idle engine woke its stream thread some 150 times a second to find nothing due.
 *
 * <p>While work is due within a tick it rings every tick, as a fixed schedule would; otherwise it
 * sleeps until the next due time, and {@link #wake} brings it forward when work due sooner is
 * added. So nothing fires later than on a fixed schedule of ticks, and most things sooner. It
 * sleeps at most {@link #LOOK_EVERY} (or a given {@code longestSleep}), so that work added where it
 * does not hear of it is done that late at worst: the trigger processor sets the expiry timers of
 * unmatched events, which {@code EventExpiry} fires; a test may fill a store after its processor
 * started.
 *
 * <p>Call it from its processor only (init, process, punctuate): a punctuation belongs to the
 * processor that schedules it.
 */
public final class Alarm {
  /** What {@link #nextDue} says when nothing is due. */
  public static final long NEVER = Long.MAX_VALUE;

  /** How long an alarm sleeps at most, unless told otherwise. */
  public static final Duration LOOK_EVERY = Duration.ofMinutes(1);

  private final ProcessorContext<?, ?> context;
  private final long tickMs;
  private final long longestSleepMs;
  private final Punctuator ring;
  private final LongSupplier nextDue;
  private Cancellable scheduled;

  /** When it rings next (epoch milliseconds). */
  private long atMs = NEVER;

  private boolean ringing;

  private Alarm(
      ProcessorContext<?, ?> context,
      Duration tick,
      Duration longestSleep,
      Punctuator ring,
      LongSupplier nextDue) {
    this.context = context;
    this.tickMs = Math.max(1, tick.toMillis());
    this.longestSleepMs = Math.max(tickMs, Math.min(longestSleep.toMillis(), NEVER / 2));
    this.ring = ring;
    this.nextDue = nextDue;
  }

  /**
   * Sets an alarm that runs {@code ring} when work is due: at {@code nextDue} (epoch milliseconds,
   * {@link #NEVER} for none, asked now and after each ring), or at a {@link #wake}, but at most
   * once a {@code tick}, and at least once a {@code longestSleep}.
   */
  public static Alarm set(
      ProcessorContext<?, ?> context,
      Duration tick,
      Duration longestSleep,
      LongSupplier nextDue,
      Punctuator ring) {
    Alarm alarm = new Alarm(context, tick, longestSleep, ring, nextDue);
    alarm.setAt(alarm.nextDue.getAsLong(), context.currentSystemTimeMs());
    return alarm;
  }

  /**
   * Alarm for {@code timers}: rings when the earliest is due, or after {@link #LOOK_EVERY}; {@link
   * TimerStore#add} wakes it.
   */
  public static Alarm forTimers(
      ProcessorContext<?, ?> context, Duration tick, TimerStore timers, Punctuator ring) {
    Alarm alarm = set(context, tick, LOOK_EVERY, timers::nextDueMs, ring);
    timers.wakes(alarm);
    return alarm;
  }

  /**
   * Work is due at {@code dueMs}: ring by then (at once if it is past). Ignored while ringing: the
   * next time is asked for after the ring.
   */
  public void wake(long dueMs) {
    if (ringing || dueMs >= atMs) {
      return;
    }
    long now = context.currentSystemTimeMs();
    setAt(Math.max(dueMs, now), now);
  }

  /** When it rings next: for tests. */
  long atMs() {
    return atMs;
  }

  private void ring(long nowMs) {
    ringing = true;
    try {
      ring.punctuate(nowMs);
    } finally {
      ringing = false;
    }
    // No sooner than a tick from now, whatever is due: never twice in one round of punctuations.
    setAt(Math.max(nextDue.getAsLong(), nowMs + tickMs), nowMs);
  }

  /** Rings at {@code at}, or after the longest sleep if that comes first; one punctuation only. */
  private void setAt(long at, long nowMs) {
    if (scheduled != null) {
      scheduled.cancel();
    }
    atMs = Math.min(at, nowMs + longestSleepMs);
    scheduled =
        context.schedule(
            Duration.ofMillis(Math.max(1, atMs - nowMs)),
            PunctuationType.WALL_CLOCK_TIME,
            this::ring);
  }
}
