package dev.runlog.protocol.job;

/**
 * A schedule declared in a job's code ({@code Job...cron(...)} or {@code .every(...)}): either a
 * cron expression with its time zone, or an interval. The engine keeps one schedule per declaration
 * while the job is registered, and starts a run of the job at each tick.
 *
 * @param cron a cron expression (5 fields, or 6 with seconds first), or null for an interval
 * @param timezone the cron's IANA time zone (null: UTC)
 * @param intervalMillis the interval, or null for a cron
 * @param catchUp what happens to ticks missed while no engine ran: {@code skip} (null: the default)
 *     or {@code once}
 */
public record JobSchedule(String cron, String timezone, Long intervalMillis, String catchUp) {
  public JobSchedule {
    if ((cron == null) == (intervalMillis == null)) {
      throw new IllegalArgumentException("a job schedule has a cron or an interval, not both");
    }
  }
}
