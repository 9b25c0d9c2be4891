package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Header and body values that become part of an event's name or id. */
final class Values {
  /** What a value taken into an event name may hold: no spaces, no control characters. */
  static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");

  /** What a value taken into an event id may hold: printable ASCII. */
  static final Pattern ID = Pattern.compile("[!-~]{1,200}");

  private Values() {}

  static JsonPointer pointer(String path, String text) {
    if (!text.isEmpty() && !text.startsWith("/")) {
      throw new InvalidSourceException(
          path
              + " must be a JSON pointer (\"/sender/login\"), or \"\" for the whole body: "
              + text);
    }
    try {
      return JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidSourceException(path + " is not a JSON pointer: " + e.getMessage());
    }
  }

  /** A value a sender chose, quoted and cut short, for a message. */
  static String quote(String value) {
    return "'" + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'";
  }

  /** The text of a string, number or boolean at {@code pointer}; empty for anything else. */
  static Optional<String> scalar(JsonNode body, JsonPointer pointer) {
    JsonNode value = body.at(pointer);
    return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
  }
}
