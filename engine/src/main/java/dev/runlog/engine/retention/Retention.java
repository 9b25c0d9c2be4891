package dev.runlog.engine.retention;

import dev.runlog.engine.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long finished runs are kept: the engine's {@code run.retention.ms}. Pure: what expires when.
 *
 * <p>A run that finished is kept {@link #keep} after its finish, then removed from every store; a
 * marker saying that it expired is kept as long again, so that the API can tell "expired" from "no
 * such run" for that while. A run that has not finished is never removed, however old it is.
 *
 * <p>The topics the engine creates keep their records {@link #topicRetention} (see there for why
 * longer than the runs).
 *
 * @param keep how long a finished run is kept; empty: for ever (nothing expires, topics keep
 *     everything)
 */
public record Retention(Optional<Duration> keep) {
  /** Seven days: a week to look at a finished run, to replay it, to find what an event did. */
  public static final Duration DEFAULT_KEEP = Duration.ofDays(7);

  public static final Retention DEFAULT = of(DEFAULT_KEEP.toMillis());
  public static final Retention FOREVER = new Retention(Optional.empty());

  /** The least margin of the topics over the runs (see {@link #topicRetention}). */
  static final Duration LEAST_TOPIC_MARGIN = Duration.ofDays(1);

  public Retention {
    if (keep.isPresent() && (keep.get().isNegative() || keep.get().isZero())) {
      throw new IllegalArgumentException(
          "a retention must be positive, or -1 for ever: " + keep.get());
    }
  }

  /** From the setting's milliseconds: -1 keeps everything for ever. */
  public static Retention of(long millis) {
    if (millis == -1) {
      return FOREVER;
    }
    if (millis <= 0) {
      throw new IllegalArgumentException(
          "run.retention.ms must be positive, or -1 for ever: " + millis);
    }
    return new Retention(Optional.of(Duration.ofMillis(millis)));
  }

  public boolean forever() {
    return keep.isEmpty();
  }

  /** The setting's value in milliseconds, -1 for ever. */
  public long millis() {
    return keep.map(Duration::toMillis).orElse(-1L);
  }

  /** When {@code run} expires: empty while it has not finished, or when runs are kept for ever. */
  public Optional<Instant> expiresAt(RunState run) {
    if (keep.isEmpty() || run == null || !run.status().isFinal()) {
      return Optional.empty();
    }
    Instant finished =
        run.finishedAt() != null
            ? run.finishedAt()
            : run.updatedAt() != null ? run.updatedAt() : run.createdAt();
    return Optional.of(plus(finished == null ? Instant.EPOCH : finished, keep.get()));
  }

  /** Until when the "expired" marker of something that expired at {@code expiredAt} is kept. */
  public Instant forgetAt(Instant expiredAt) {
    return plus(expiredAt, keep.orElse(Duration.ZERO));
  }

  /** When an event record that started no run expires. */
  public Optional<Instant> unmatchedEventExpiresAt(Instant receivedAt) {
    return keep.map(k -> plus(receivedAt, k));
  }

  /**
   * The {@code retention.ms} of the topics the engine creates (run-events, triggers, dead-letters,
   * its internal ones): the runs' retention plus as much again, and at least a day more; -1 when
   * runs are kept for ever.
   *
   * <p>Why longer than the runs, though the engine never reads these topics back to rebuild a run
   * (the stores are restored from their own compacted changelogs, and a run that waits for weeks
   * keeps its state there): (1) the engine must read every record before Kafka deletes it. If it is
   * stopped, or lags, for longer than the topics' retention, Kafka Streams finds its committed
   * offset deleted, starts at the oldest record left, and the records in between are lost without a
   * word. The margin is the outage the engine survives: a whole retention period, at least a day.
   * (2) A run shown by the API still has its events in the log, for whoever reads the log to audit
   * or debug it. Kafka deletes whole segments, once their newest record is older than this: records
   * are kept at least this long, and up to a segment's age longer.
   */
  public long topicRetentionMs() {
    if (keep.isEmpty()) {
      return -1;
    }
    Duration margin =
        keep.get().compareTo(LEAST_TOPIC_MARGIN) > 0 ? keep.get() : LEAST_TOPIC_MARGIN;
    return saturatedMillis(keep.get().plus(margin));
  }

  /** The retention as people read it: "7 days", "90 seconds". */
  public String human() {
    return keep.map(Retention::human).orElse("for ever");
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    for (Object[] unit :
        new Object[][] {
          {86_400_000L, "day"}, {3_600_000L, "hour"}, {60_000L, "minute"}, {1_000L, "second"}
        }) {
      long size = (Long) unit[0];
      if (ms >= size && ms % size == 0) {
        long n = ms / size;
        return n + " " + unit[1] + (n == 1 ? "" : "s");
      }
    }
    return ms + " ms";
  }

  /**
   * {@code at + d}, at most the last instant that epoch milliseconds hold (what the stores and
   * timers keep).
   */
  private static Instant plus(Instant at, Duration d) {
    Instant latest = Instant.ofEpochMilli(Long.MAX_VALUE);
    try {
      Instant sum = at.plus(d);
      return sum.isAfter(latest) ? latest : sum;
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return latest;
    }
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
