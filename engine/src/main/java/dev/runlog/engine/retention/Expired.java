package dev.runlog.engine.retention;

import java.time.Instant;

/**
 * What is left of a run (or an event's record) once its retention is over: a marker that it existed
 * and expired, kept for one more retention period, so that the API answers "expired" rather than
 * "no such run". A few dozen bytes where the run took kilobytes.
 *
 * @param keptForMs the retention it was kept for, for the message
 * @param forgetAt when the marker itself goes
 */
public record Expired(Instant expiredAt, long keptForMs, Instant forgetAt) {

  /** "run X expired: finished runs are kept 7 days (...)" */
  public String runMessage(String runId) {
    return "run "
        + runId
        + " expired: finished runs are kept "
        + kept()
        + " (it expired at "
        + expiredAt
        + ")";
  }

  /** "event X expired: ..." */
  public String eventMessage(String eventId) {
    return "event "
        + eventId
        + " expired: the record of an event is kept while its runs are (finished runs are kept "
        + kept()
        + "), or "
        + kept()
        + " when it started none (it expired at "
        + expiredAt
        + ")";
  }

  private String kept() {
    return Retention.human(java.time.Duration.ofMillis(keptForMs));
  }
}
