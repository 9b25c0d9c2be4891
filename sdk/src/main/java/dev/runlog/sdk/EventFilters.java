package dev.runlog.sdk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * A filter of {@link Io#waitForEvent} as the engine reads it: a JSON object of path to scalar,
 * paths under {@code payload.} or {@code context.}. Checked at the call, so that a filter the
 * engine cannot evaluate fails the calling run at once instead of waiting for ever.
 */
final class EventFilters {
  private EventFilters() {}

  /** The filter's JSON text; a key without a prefix is a payload path. */
  static String toJson(Map<String, ?> filter) {
    TreeMap<String, Object> paths = new TreeMap<>();
    if (filter != null) {
      for (Map.Entry<String, ?> entry : filter.entrySet()) {
        String path = path(entry.getKey());
        paths.put(path, scalar(path, entry.getValue()));
      }
    }
    return Json.write(paths);
  }

  /**
   * The engine's message when a wait's result says its filter could not be evaluated, else null.
   */
  static String error(String resultJson) {
    if (!resultJson.contains("\"error\"")) {
      return null; // the common case, without parsing
    }
    com.fasterxml.jackson.databind.JsonNode result =
        Json.read(resultJson, com.fasterxml.jackson.databind.JsonNode.class);
    com.fasterxml.jackson.databind.JsonNode error = result.get("error");
    return error == null || error.isNull() ? null : error.path("message").asText("?");
  }

  private static String path(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("a filter key must be a field path, as orderId");
    }
    String path = key.startsWith("payload.") || key.startsWith("context.") ? key : "payload." + key;
    for (String segment : path.split("\\.", -1)) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("a filter key has an empty segment: " + key);
      }
    }
    return path;
  }

  private static Object scalar(String path, Object value) {
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    if (value instanceof Enum<?> constant) {
      return constant.name(); // as Jackson writes it in a payload
    }
    if (value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof BigDecimal) {
      return value;
    }
    if ((value instanceof Double || value instanceof Float)
        && Double.isFinite(((Number) value).doubleValue())) {
      return value;
    }
    throw new IllegalArgumentException(
        "the filter value of "
            + path
            + " must be a string, a number or a boolean, not "
            + (value == null ? "null" : value.getClass().getName()));
  }
}
