package dev.runlog.engine.eventwait;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An event's payload and context as the filters see them, each JSON text parsed once however many
 * shapes ask for its fields.
 */
public final class EventFields {
  private final JsonNode payload;
  private final JsonNode context;

  private EventFields(JsonNode payload, JsonNode context) {
    this.payload = payload;
    this.context = context;
  }

  /** An event's fields; a payload or context that is not JSON has none. */
  public static EventFields of(String payloadJson, String contextJson) {
    return new EventFields(parse(payloadJson), parse(contextJson));
  }

  /**
   * The match key of this event for a shape ({@link EventFilter#shape}); empty when a path is
   * missing or not a scalar, so that no waiter of that shape matches it.
   */
  public Optional<String> matchKey(String shape) {
    List<String> values = new ArrayList<>();
    for (String path : EventFilter.pathsOf(shape)) {
      String value = EventFilter.canonical(at(path));
      if (value == null) {
        return Optional.empty();
      }
      values.add(value);
    }
    return Optional.of(String.join("\u0001", values));
  }

  private JsonNode at(String path) {
    String[] segments = path.split("\\.");
    JsonNode node = segments[0].equals("payload") ? payload : context;
    for (int i = 1; i < segments.length && node != null; i++) {
      node = node.isObject() ? node.get(segments[i]) : null;
    }
    return node;
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return EventFilter.JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }
}
