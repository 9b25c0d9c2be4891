package dev.runlog.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Map;

/**
 * An event that a run waited for with {@link Io#waitForEvent}: its id, name, timestamp and context,
 * and its payload read as the type the job asks for.
 *
 * <pre>{@code
 * Optional<ReceivedEvent> paid = io.waitForEvent("paid", "order.paid", Map.of("orderId", order.id()), Duration.ofDays(1));
 * Payment p = paid.orElseThrow().payload(Payment.class);
 * }</pre>
 */
public final class ReceivedEvent {
  private final String id;
  private final String name;
  private final Instant timestamp;
  private final Map<String, Object> context;
  private final String payloadJson;

  ReceivedEvent(
      String id, String name, Instant timestamp, Map<String, Object> context, String payloadJson) {
    this.id = id;
    this.name = name;
    this.timestamp = timestamp;
    this.context = context == null ? Map.of() : Map.copyOf(context);
    this.payloadJson = payloadJson;
  }

  /** The event as the engine gave it to the wait (its result). */
  static ReceivedEvent fromResult(String resultJson) {
    JsonNode node = Json.<JsonNode>read(resultJson, JsonNode.class);
    JsonNode context = node.get("context");
    JsonNode timestamp = node.get("timestamp");
    return new ReceivedEvent(
        text(node.get("id")),
        text(node.get("name")),
        timestamp == null || timestamp.isNull() ? null : Instant.parse(timestamp.asText()),
        context == null || !context.isObject()
            ? Map.of()
            : Json.MAPPER.convertValue(
                context,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}),
        node.has("payload") ? node.get("payload").toString() : "null");
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The event's own timestamp, as its sender set it. */
  public Instant timestamp() {
    return timestamp;
  }

  /** The event's context object; empty when it had none. JSON nulls are left out. */
  public Map<String, Object> context() {
    return context;
  }

  /** The payload read as {@code type}. */
  public <T> T payload(Class<T> type) {
    return Json.read(payloadJson, type);
  }

  /** The payload read as {@code type}, for generic types ({@code List<Item>}). */
  public <T> T payload(Type type) {
    return Json.read(payloadJson, type);
  }

  @Override
  public String toString() {
    return "ReceivedEvent[" + name + " " + id + "]";
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
