package dev.runlog.engine.eventwait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an event wait asks of an event, parsed from the filter of {@code EventWaitRequested}: a JSON
 * object mapping paths ({@code payload.orderId}, {@code context.accountId}) to the scalar found
 * there. Waiters and events meet in an index under (name, {@link #shape}, {@link #matchKey}): the
 * shape is the sorted path set, the match key the canonical text of the values in that order, so an
 * event computes its key once per shape that has waiters, and never scans waiters.
 *
 * @param paths sorted, each {@code payload.<field>[.<field>...]} or {@code context.<field>...}
 * @param values the canonical text of each path's scalar ({@link #canonical}), in the same order
 */
public record EventFilter(List<String> paths, List<String> values) {
  /** More paths than any real filter needs: a bound on the work per event and shape. */
  public static final int MAX_PATHS = 16;

  static final ObjectMapper JSON = new ObjectMapper();

  public EventFilter {
    paths = List.copyOf(paths);
    values = List.copyOf(values);
  }

  /**
   * Parses a filter's JSON text; {@code null}, blank or {@code {}} matches every event of the name.
   *
   * @throws BadFilter saying what is wrong with it
   */
  public static EventFilter parse(String filterJson) {
    if (filterJson == null || filterJson.isBlank()) {
      return new EventFilter(List.of(), List.of());
    }
    JsonNode node;
    try {
      node = JSON.readTree(filterJson);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadFilter("the filter is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadFilter("the filter must be a JSON object of path to value, not " + filterJson);
    }
    if (node.size() > MAX_PATHS) {
      throw new BadFilter("the filter has " + node.size() + " paths, at most " + MAX_PATHS);
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      requirePath(field.getKey());
      String value = canonical(field.getValue());
      if (value == null) {
        throw new BadFilter(
            "the value of "
                + field.getKey()
                + " must be a string, a number or a boolean, not "
                + field.getValue());
      }
      sorted.put(field.getKey(), value);
    }
    return new EventFilter(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
  }

  /** The sorted path set, as one key: waiters with the same paths share it. */
  public String shape() {
    return shapeOf(paths);
  }

  /** The values in path order, as one key: the event whose values give the same key matches. */
  public String matchKey() {
    return String.join("\u0001", values);
  }

  static String shapeOf(List<String> paths) {
    return String.join("\u0001", paths);
  }

  static List<String> pathsOf(String shape) {
    return shape.isEmpty() ? List.of() : List.of(shape.split("\u0001", -1));
  }

  /**
   * A scalar as a key: strings as JSON text (so "42" is not 42), numbers without trailing zeros (so
   * 42 is 42.0), booleans as themselves; null for anything else (null, an object, an array).
   */
  static String canonical(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      return value.toString();
    }
    if (value.isNumber()) {
      java.math.BigDecimal d = value.decimalValue().stripTrailingZeros();
      return d.signum() == 0 ? "0" : d.toPlainString();
    }
    if (value.isBoolean()) {
      return value.asText();
    }
    return null;
  }

  private static void requirePath(String path) {
    if (!(path.startsWith("payload.") || path.startsWith("context."))) {
      throw new BadFilter(
          "a filter path starts with payload. or context., as payload.orderId: " + path);
    }
    for (String segment : path.split("\\.", -1)) {
      if (segment.isEmpty()) {
        throw new BadFilter("a filter path has an empty segment: " + path);
      }
    }
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) < 0x20) {
        throw new BadFilter("a filter path has a control character: " + path.strip());
      }
    }
  }

  /** A filter that cannot be evaluated, and why. */
  public static final class BadFilter extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadFilter(String message) {
      super(message);
    }
  }
}
