package dev.runlog.engine.eventwait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * An event as the waits see it: kept in the buffer for the window, so that a run that asks to wait
 * after it came still gets it, and given to run() as the wait's result.
 *
 * @param indexKeys where it is indexed by (shape, match key), removed with it
 */
public record BufferedEvent(
    String id,
    String name,
    String payload,
    String context,
    Instant timestamp,
    Instant receivedAt,
    List<String> indexKeys) {

  public BufferedEvent {
    indexKeys = indexKeys == null ? List.of() : List.copyOf(indexKeys);
  }

  /** An event not indexed. */
  public BufferedEvent(
      String id,
      String name,
      String payload,
      String context,
      Instant timestamp,
      Instant receivedAt) {
    this(id, name, payload, context, timestamp, receivedAt, List.of());
  }

  public static BufferedEvent of(WaitMessage.Occurred o) {
    return new BufferedEvent(
        o.id(), o.name(), o.payload(), o.context(), o.timestamp(), o.receivedAt());
  }

  /** The same event, indexed under {@code keys}. */
  public BufferedEvent indexedAt(List<String> keys) {
    return new BufferedEvent(id, name, payload, context, timestamp, receivedAt, keys);
  }

  /**
   * The wait's result: {@code {"id","name","payload","context","timestamp"}}, JSON kept as JSON.
   */
  public String result() {
    ObjectNode node = EventFilter.JSON.createObjectNode();
    node.put("id", id);
    node.put("name", name);
    node.set("payload", json(payload));
    node.set("context", json(context));
    node.put("timestamp", timestamp == null ? null : timestamp.toString());
    return node.toString();
  }

  /** The result of a wait that cannot be evaluated: run() throws with {@code message}. */
  public static String errorResult(String message) {
    ObjectNode node = EventFilter.JSON.createObjectNode();
    node.putObject("error").put("message", message);
    return node.toString();
  }

  private static JsonNode json(String text) {
    if (text == null) {
      return EventFilter.JSON.nullNode();
    }
    try {
      return EventFilter.JSON.readTree(text);
    } catch (IOException e) {
      return EventFilter.JSON.getNodeFactory().textNode(text);
    }
  }
}
