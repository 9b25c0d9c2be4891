package dev.runlog.connectors.schedule;

import java.time.Instant;

/** When a schedule ticks: a cron expression in a time zone, or a fixed interval. */
public sealed interface Timing permits Cron, Every {

  /** The first tick strictly after {@code after}, or null when there is none. */
  Instant nextAfter(Instant after);

  /**
   * A tick at or before {@code notAfter}, as late as the timing can tell cheaply (the latest one,
   * except that a cron tick moved out of a daylight-saving gap may be passed over), or null.
   */
  Instant lastAtOrBefore(Instant notAfter);
}
