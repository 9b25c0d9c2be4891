package dev.runlog.sdk;

import dev.runlog.protocol.job.JobSchedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a job also runs by itself: a cron expression in a time zone, or a fixed interval. Give it to
 * {@link Job#schedule}, or use {@link Job#cron} and {@link Job#every}. The engine starts one run
 * per tick, whatever the number of engine instances; the run's payload carries the tick ({@link
 * ScheduledTick}).
 *
 * <pre>{@code
 * Job.on("report.daily", ScheduledTick.class).run((tick, io) -> ...)
 *     .schedule(Schedule.cron("0 9 * * MON-FRI", "Europe/Berlin").catchUpOnce());
 * }</pre>
 *
 * <p>The expression is checked here for its shape (5 fields, or 6 with seconds first) and the zone
 * for existence; the engine parses the rest, and shows an expression it cannot use as a failing
 * schedule in {@code GET /api/schedules} with the reason.
 */
public final class Schedule {
  private final JobSchedule definition;

  private Schedule(JobSchedule definition) {
    this.definition = definition;
  }

  /**
   * Ticks on {@code expression}: five fields (minute hour day-of-month month day-of-week, e.g.
   * {@code "0 9 * * MON-FRI"}) or six with seconds first, in {@code timeZone} (an IANA name such as
   * {@code "Europe/Berlin"}, or {@code "UTC"}). Across daylight-saving changes it fires as cron
   * does: a time skipped when clocks go forward fires shifted by the gap, a time that happens twice
   * fires once.
   */
  public static Schedule cron(String expression, String timeZone) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a cron schedule needs an expression");
    }
    String trimmed = expression.strip();
    int fields = trimmed.split("\\s+").length;
    if (!trimmed.startsWith("@") && fields != 5 && fields != 6) {
      throw new IllegalArgumentException(
          "cron expression \""
              + trimmed
              + "\" has "
              + fields
              + " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds"
              + " first)");
    }
    try {
      ZoneId.of(Objects.requireNonNull(timeZone, "timeZone"));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "unknown time zone \"" + timeZone + "\": use an IANA name such as Europe/Berlin, or UTC",
          e);
    }
    return new Schedule(new JobSchedule(trimmed, timeZone, null, null));
  }

  /**
   * Ticks every {@code interval} (at least a second), aligned to the epoch: every hour ticks on the
   * hour, UTC.
   */
  public static Schedule every(Duration interval) {
    if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("an interval must be at least 1 second, not " + interval);
    }
    return new Schedule(new JobSchedule(null, null, interval.toMillis(), null));
  }

  /**
   * After ticks were missed while no engine ran, one run for the latest of them (its payload says
   * {@code catchUp: true}); by default missed ticks are skipped.
   */
  public Schedule catchUpOnce() {
    return new Schedule(
        new JobSchedule(
            definition.cron(), definition.timezone(), definition.intervalMillis(), "once"));
  }

  /**
   * The spec of a schedule source (as {@code POST /api/schedules} takes it) that starts a run of
   * {@code jobId} at each tick, {@code payload} (may be null) merged into each tick's.
   */
  com.fasterxml.jackson.databind.node.ObjectNode spec(String jobId, Object payload) {
    var spec = Json.MAPPER.createObjectNode();
    if (definition.cron() != null) {
      spec.put("cron", definition.cron()).put("timezone", definition.timezone());
    } else {
      spec.put("interval", Duration.ofMillis(definition.intervalMillis()).toString());
    }
    spec.put("job", Objects.requireNonNull(jobId, "jobId"));
    if (payload != null) {
      var tree = Json.MAPPER.valueToTree(payload);
      if (!tree.isObject()) {
        throw new IllegalArgumentException(
            "a schedule's payload must be an object (its fields are merged with the tick's)");
      }
      spec.set("payload", tree);
    }
    spec.put("catchUp", definition.catchUp() == null ? "skip" : definition.catchUp());
    return spec;
  }

  /** The schedule as the job's definition carries it to the engine. */
  public JobSchedule definition() {
    return definition;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule s && s.definition.equals(definition);
  }

  @Override
  public int hashCode() {
    return definition.hashCode();
  }

  @Override
  public String toString() {
    return definition.cron() != null
        ? "cron \"" + definition.cron() + "\" in " + definition.timezone()
        : "every " + Duration.ofMillis(definition.intervalMillis());
  }
}
