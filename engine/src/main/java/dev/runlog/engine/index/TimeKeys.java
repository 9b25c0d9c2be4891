package dev.runlog.engine.index;

import dev.runlog.engine.store.Keys;
import java.time.Instant;

/**
 * The time part shared by the "newest first" index keys: {@code (MAX - millis, 19 digits) NUL id},
 * the <em>tail</em> of every key of {@link JobRunIndex}, {@link PayloadIndex} and {@link
 * EventTimeIndex}. Ascending key order is newest first, so a page continues after the tail of the
 * last entry shown (the cursor), whichever index the entry came from: that is what lets a listing
 * merge several indexes, or one index's several ranges, by comparing tails.
 */
public final class TimeKeys {
  static final char SEPARATOR = '\u0000';

  /** Greater than any tail: the text after a prefix bounds that prefix's range. */
  static final String END = "\uffff";

  private TimeKeys() {}

  /** The tail of an entry made at {@code time} (null: the epoch) for {@code id}. */
  public static String tail(Instant time, String id) {
    Instant at = time == null ? Instant.EPOCH : time;
    return Keys.padded(Long.MAX_VALUE - at.toEpochMilli(), 19) + SEPARATOR + id;
  }

  /** The id at the end of a tail (or of a whole key). */
  static String id(String key) {
    return key.substring(key.lastIndexOf(SEPARATOR) + 1);
  }

  /** The tail of a whole key whose prefix is {@code prefixLength} characters long. */
  static String tailOf(String key, int prefixLength) {
    return key.substring(prefixLength);
  }

  /**
   * Which tails a listing wants: made at or after {@code from} and before {@code to} (either null:
   * unbounded), strictly after the tail {@code after} (the cursor; null: from the newest).
   */
  public record Range(Instant from, Instant to, String after) {
    public static final Range ALL = new Range(null, null, null);

    public Range {
      // the keys hold MAX - epoch millis: nothing is made before the epoch
      from = from == null || from.isAfter(Instant.EPOCH) ? from : Instant.EPOCH;
      to = to == null || to.isAfter(Instant.EPOCH) ? to : Instant.EPOCH.plusMillis(1);
    }

    /** The first key of the range under {@code prefix} (inclusive). */
    String lower(String prefix) {
      String lower = prefix;
      if (to != null) {
        // before `to`: millis <= to - 1, so MAX - millis >= MAX - (to - 1)
        lower = prefix + Keys.padded(Long.MAX_VALUE - (to.toEpochMilli() - 1), 19);
      }
      if (after != null) {
        String justAfter = prefix + after + SEPARATOR; // the least key greater than the cursor's
        if (justAfter.compareTo(lower) > 0) {
          lower = justAfter;
        }
      }
      return lower;
    }

    /** The last key of the range under {@code prefix} (inclusive). */
    String upper(String prefix) {
      return from == null
          ? prefix + END
          : prefix + Keys.padded(Long.MAX_VALUE - from.toEpochMilli(), 19) + SEPARATOR + END;
    }

    /** True when {@code tail} is inside the range. */
    public boolean contains(String tail) {
      return tail.compareTo(lower("")) >= 0 && tail.compareTo(upper("")) <= 0;
    }

    /** The same bounds, after another cursor. */
    public Range after(String cursor) {
      return new Range(from, to, cursor);
    }
  }
}
