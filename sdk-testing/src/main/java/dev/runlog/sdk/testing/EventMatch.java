package dev.runlog.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.sdk.Event;
import dev.runlog.sdk.Playback;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Whether an event matches a wait's filter, as the engine decides it, and what the wait gets. */
final class EventMatch {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventMatch() {}

  /** True when every path of {@code filterJson} holds its value in the event, of the same type. */
  static boolean matches(String filterJson, Event event) {
    JsonNode filter = read(filterJson);
    JsonNode payload = read(Playback.toJson(event.payload()));
    JsonNode context = JSON.valueToTree(event.context());
    for (Map.Entry<String, JsonNode> path : filter.properties()) {
      String[] segments = path.getKey().split("\\.");
      JsonNode node = segments[0].equals("context") ? context : payload;
      for (int i = 1; i < segments.length && node != null; i++) {
        node = node.isObject() ? node.get(segments[i]) : null;
      }
      if (!same(path.getValue(), node)) {
        return false;
      }
    }
    return true;
  }

  /** The wait's result: the event as the engine gives it to run(). */
  static String result(Event event, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", event.id() == null ? UUID.randomUUID().toString() : event.id());
    node.put("name", event.name());
    node.set("payload", read(Playback.toJson(event.payload())));
    node.set("context", JSON.valueToTree(event.context()));
    node.put("timestamp", now.toString());
    return node.toString();
  }

  private static boolean same(JsonNode wanted, JsonNode found) {
    if (found == null) {
      return false;
    }
    if (wanted.isNumber() && found.isNumber()) {
      return wanted.decimalValue().compareTo(found.decimalValue()) == 0;
    }
    return (wanted.isTextual() && found.isTextual() || wanted.isBoolean() && found.isBoolean())
        && wanted.equals(found);
  }

  private static JsonNode read(String json) {
    try {
      return json == null ? JSON.nullNode() : JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}
