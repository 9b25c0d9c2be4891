package dev.runlog.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How long {@code send --wait} and {@code run --follow} wait for runs to end: none (for ever), or a
 * deadline from a {@code --timeout} such as {@code 30s}, {@code 5m}, {@code 2h} or ISO-8601 {@code
 * PT30S}.
 */
record Timeout(Duration duration, long deadlineNanos) {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** The deadline of {@code duration} from now; null waits for ever. */
  static Timeout from(Duration duration) {
    return new Timeout(duration, duration == null ? 0 : System.nanoTime() + duration.toNanos());
  }

  boolean unlimited() {
    return duration == null;
  }

  /** What is left, never negative; for ever when unlimited. */
  Duration left() {
    if (unlimited()) {
      return Duration.ofMillis(Long.MAX_VALUE);
    }
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  boolean passed() {
    return !unlimited() && left().isZero();
  }

  /** How the duration was given, for messages: 30s, PT1M... */
  String said() {
    return duration == null ? "no limit" : Cells.duration(duration.toMillis());
  }

  /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 500ms} or ISO-8601. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      Matcher m = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
      Duration d;
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } else {
        try {
          d = Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
          throw new TypeConversionException(
              "'" + text + "' is not a duration such as 30s, 5m or PT1H");
        }
      }
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("'" + text + "' is not a positive duration");
      }
      return d;
    }
  }
}
