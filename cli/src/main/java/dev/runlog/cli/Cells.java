package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** How the values of the engine's JSON answers are shown in a terminal; "-" stands for nothing. */
final class Cells {
  static final String NONE = "-";

  private Cells() {}

  /** A string as it is, anything else as compact JSON. */
  static String text(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return NONE;
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** Compact JSON, strings quoted: task outputs {@code "11"} and {@code 11} must not look alike. */
  static String json(JsonNode value) {
    return value == null || value.isMissingNode() || value.isNull() ? NONE : value.toString();
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, Math.max(0, max - 3)) + "...";
  }

  /**
   * The time between two ISO-8601 instants of an answer, or "-" when either is missing or
   * unreadable.
   */
  static String duration(JsonNode from, JsonNode to) {
    try {
      if (from == null || to == null || !from.isTextual() || !to.isTextual()) {
        return NONE;
      }
      return duration(
          Duration.between(Instant.parse(from.asText()), Instant.parse(to.asText())).toMillis());
    } catch (DateTimeParseException e) {
      return NONE;
    }
  }

  /** Short and still exact enough to compare: 45ms, 1.2s, 3m12s, 26h5m. */
  static String duration(long millis) {
    if (millis < 1_000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return millis / 1000
          + "."
          + millis % 1000 / 100
          + "s"; // cut, not rounded: 59.97s must not show as 60.0s
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return seconds / 60 + "m" + seconds % 60 + "s";
    }
    return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
  }
}
