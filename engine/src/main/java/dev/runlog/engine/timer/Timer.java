package dev.runlog.engine.timer;

import java.time.Instant;

/**
 * A durable timer of a run, kept in the timers store ordered by due time and fired by a wall-clock
 * punctuator. A timer is checked against the run's state when it fires, so a timer that no longer
 * applies (the wait was canceled, the lease was renewed) does nothing and needs no deletion.
 *
 * @param key the wait's or task's key, empty for run-level timers
 * @param execution the execution a lease timer watches, 0 otherwise
 */
public record Timer(Kind kind, String runId, String key, long execution, Instant due) {
  /**
   * The latest due time kept: the last instant a long of milliseconds holds (the store keys and
   * values are in milliseconds).
   */
  static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

  static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);

  /**
   * A due time beyond what milliseconds hold (a sum of a far instant and a long duration) is kept
   * as the last one they hold: it never comes.
   */
  public Timer {
    if (due != null && due.isAfter(LATEST)) {
      due = LATEST;
    } else if (due != null && due.isBefore(EARLIEST)) {
      due = EARLIEST;
    }
  }

  /** Why a timer was set. */
  public enum Kind {
    /** A durable wait elapses. */
    WAIT,
    /** A failed task's next attempt is due. */
    RETRY,
    /** An execution's lease is up unless it was heard from. */
    LEASE,
    /** The run's maximum duration is over. */
    RUN_TIMEOUT,
    /** A delayed event's run may start. */
    DELIVER,
    /**
     * A finished run's retention is over (or an event's that started no run): remove it, leave a
     * marker.
     */
    EXPIRE,
    /** The marker left by an expiry is kept no longer. */
    FORGET
  }

  public static Timer wait(String runId, String key, Instant due) {
    return new Timer(Kind.WAIT, runId, key, 0, due);
  }

  public static Timer retry(String runId, String key, Instant due) {
    return new Timer(Kind.RETRY, runId, key, 0, due);
  }

  public static Timer lease(String runId, long execution, Instant due) {
    return new Timer(Kind.LEASE, runId, "", execution, due);
  }

  public static Timer runTimeout(String runId, Instant due) {
    return new Timer(Kind.RUN_TIMEOUT, runId, "", 0, due);
  }

  public static Timer deliver(String runId, Instant due) {
    return new Timer(Kind.DELIVER, runId, "", 0, due);
  }

  /**
   * Expires run (or event) {@code id} at {@code due}; such timers live in stores of their own, not
   * with the runs' timers.
   */
  public static Timer expire(String id, Instant due) {
    return new Timer(Kind.EXPIRE, id, "", 0, due);
  }

  /** Drops the expiry marker of run (or event) {@code id} at {@code due}. */
  public static Timer forget(String id, Instant due) {
    return new Timer(Kind.FORGET, id, "", 0, due);
  }
}
