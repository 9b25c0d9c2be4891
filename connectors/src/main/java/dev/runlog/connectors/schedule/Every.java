package dev.runlog.connectors.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * A fixed interval. Ticks are aligned to the epoch (every hour ticks on the hour, UTC), so that
 * they do not depend on when the schedule was created or changed, and a tick's time, and so its
 * event id, is the same on every engine instance.
 */
public record Every(Duration interval) implements Timing {
  /** Shorter intervals would make a run engine into a busy loop; ticks are also named by millis. */
  public static final Duration MIN = Duration.ofSeconds(1);

  public Every {
    if (interval == null || interval.compareTo(MIN) < 0) {
      throw new IllegalArgumentException(
          "an interval must be at least " + MIN.toSeconds() + " second, not " + interval);
    }
    if (interval.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "an interval is counted in whole milliseconds, not " + interval);
    }
  }

  @Override
  public Instant nextAfter(Instant after) {
    long step = interval.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(after.toEpochMilli(), step) * step + step);
  }

  @Override
  public Instant lastAtOrBefore(Instant notAfter) {
    long step = interval.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(notAfter.toEpochMilli(), step) * step);
  }
}
