package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;

/** How a webhook request becomes a trigger event (placeholder: a fixed event name). */
public record WebhookSpec(String event) {
  public static WebhookSpec parse(JsonNode spec) {
    String event = spec.path("event").asText("");
    if (event.isBlank()) {
      throw new InvalidSourceException("a webhook source needs \"event\": the event name");
    }
    return new WebhookSpec(event);
  }
}
