package dev.runlog.connectors.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression in a time zone, parsed and evaluated by cron-utils: five fields (minute hour
 * day-of-month month day-of-week) or six with seconds first, as Spring writes them (names such as
 * {@code MON-FRI} and {@code JAN}, {@code L}, {@code W}, {@code #}, {@code ?}, macros such as
 * {@code @daily}).
 *
 * <p>Daylight saving, as cron has always done it: on the day clocks go forward, a time that does
 * not exist (02:30 in Berlin) fires once, shifted by the gap (03:30), where cron-utils alone would
 * skip the day; on the day they go back, a time that happens twice (02:30) fires once, unless the
 * hour field is {@code *}: a schedule over every hour fires in each real hour. (cron-utils alone
 * fires a fixed time twice or once depending on where its search starts.)
 */
public final class Cron implements Timing {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

  /** How far ahead a cron whose next tick is in no known year looks for a gap to fire in. */
  private static final Duration GAP_HORIZON = Duration.ofDays(4 * 366);

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;

  /** The hour field is {@code *}: ticks follow real time through a repeated hour. */
  private final boolean everyHour;

  private Cron(String expression, ZoneId zone, ExecutionTime times, boolean everyHour) {
    this.expression = expression;
    this.zone = zone;
    this.times = times;
    this.everyHour = everyHour;
  }

  /**
   * Parses {@code expression} in {@code zone} (an IANA name such as {@code Europe/Berlin}; null:
   * UTC).
   *
   * @throws IllegalArgumentException with a message that says what is wrong and what is expected
   */
  public static Cron parse(String expression, String zone) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException(
          "a cron schedule needs an expression, such as \"0 9 * * MON-FRI\"");
    }
    String trimmed = expression.strip();
    String sixFields = trimmed;
    if (!trimmed.startsWith("@")) {
      int fields = trimmed.split("\\s+").length;
      if (fields == 5) {
        sixFields = "0 " + trimmed; // the seconds field of the five-field form
      } else if (fields != 6) {
        throw new IllegalArgumentException(
            "cron expression \""
                + trimmed
                + "\" has "
                + fields
                + " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds"
                + " first)");
      }
    }
    ZoneId zoneId = zone(zone);
    com.cronutils.model.Cron cron;
    try {
      cron = PARSER.parse(sixFields).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cron expression \"" + trimmed + "\" does not parse: " + e.getMessage(), e);
    }
    boolean everyHour = cron.retrieve(CronFieldName.HOUR).getExpression() instanceof Always;
    Cron parsed = new Cron(trimmed, zoneId, ExecutionTime.forCron(cron), everyHour);
    if (parsed.nextAfter(Instant.EPOCH) == null) {
      throw new IllegalArgumentException("cron expression \"" + trimmed + "\" never fires");
    }
    return parsed;
  }

  private static ZoneId zone(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(zone.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "unknown time zone \"" + zone + "\": use an IANA name such as Europe/Berlin, or UTC", e);
    }
  }

  /** The expression as it was given (five or six fields). */
  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public Instant nextAfter(Instant after) {
    Instant best = next(after, zone);
    for (int i = 0; best != null && repeated(best) && i < 16; i++) {
      best = next(best, zone);
    }
    ZoneRules rules = zone.getRules();
    Instant horizon = best != null ? best : after.plus(GAP_HORIZON);
    // A gap's missing local times map, at the offset before it, to [transition, transition + gap):
    // a tick there is one cron-utils passes over. The gap before `after` counts when `after` lies
    // in
    // that window.
    ZoneOffsetTransition t = rules.previousTransition(after);
    if (t == null) {
      t = rules.nextTransition(after);
    }
    for (int i = 0; t != null && !t.getInstant().isAfter(horizon) && i < 16; i++) {
      if (t.isGap()) {
        Instant start = t.getInstant();
        Instant end = start.plus(t.getDuration());
        Instant from = after.isAfter(start.minusSeconds(1)) ? after : start.minusSeconds(1);
        Instant shifted = next(from, t.getOffsetBefore());
        if (shifted != null
            && shifted.isAfter(after)
            && !shifted.isBefore(start)
            && shifted.isBefore(end)
            && (best == null || shifted.isBefore(best))) {
          best = shifted;
        }
      }
      t = rules.nextTransition(t.getInstant());
    }
    return best;
  }

  @Override
  public Instant lastAtOrBefore(Instant notAfter) {
    return times // strictly before its argument
        .lastExecution(ZonedDateTime.ofInstant(notAfter.plusMillis(1), zone))
        .map(ZonedDateTime::toInstant)
        .filter(last -> !last.isAfter(notAfter))
        .orElse(null);
  }

  /**
   * True for a tick in the second pass of a repeated hour whose twin in the first pass (the same
   * local time, an offset earlier) is a tick too, unless the cron runs every hour.
   */
  private boolean repeated(Instant tick) {
    if (everyHour) {
      return false;
    }
    ZonedDateTime local = ZonedDateTime.ofInstant(tick, zone);
    ZoneOffsetTransition t = zone.getRules().getTransition(local.toLocalDateTime());
    if (t == null || !t.isOverlap() || !local.getOffset().equals(t.getOffsetAfter())) {
      return false;
    }
    Instant twin = tick.plus(t.getDuration()); // the duration of an overlap is negative
    return times.isMatch(ZonedDateTime.ofInstant(twin, zone));
  }

  private Instant next(Instant after, ZoneId in) {
    Optional<ZonedDateTime> next = times.nextExecution(ZonedDateTime.ofInstant(after, in));
    return next.map(ZonedDateTime::toInstant).filter(n -> n.isAfter(after)).orElse(null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cron c && c.expression.equals(expression) && c.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(expression, zone);
  }

  @Override
  public String toString() {
    return "cron \"" + expression + "\" in " + zone;
  }
}
