package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which signed requests make an event: each named header, and each body value at a JSON pointer,
 * must be one of the values listed. A sender that posts every kind of event to one URL (GitHub's
 * {@code ping} when a hook is created, {@code star} with {@code "action": "deleted"} on an unstar)
 * then starts runs only for the ones a job is for. Empty: every request.
 */
public record Filter(Map<String, List<String>> headers, Map<JsonPointer, List<String>> body) {
  public Filter {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
  }

  static final Filter NONE = new Filter(Map.of(), Map.of());

  static Filter parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return NONE;
    }
    Fields fields = Fields.of("filter", node);
    fields.only("headers", "body");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (node.has("headers")) {
      Fields.of("filter.headers", node.get("headers"));
      for (Map.Entry<String, JsonNode> e : node.get("headers").properties()) {
        String path = "filter.headers." + e.getKey();
        headers.put(Fields.headerName(path, e.getKey()), Fields.texts(path, e.getValue()));
      }
    }
    Map<JsonPointer, List<String>> body = new LinkedHashMap<>();
    if (node.has("body")) {
      Fields.of("filter.body", node.get("body"));
      for (Map.Entry<String, JsonNode> e : node.get("body").properties()) {
        String path = "filter.body." + e.getKey();
        body.put(Values.pointer(path, e.getKey()), Fields.texts(path, e.getValue()));
      }
    }
    return new Filter(headers, body);
  }

  /** Why {@code request} is left out, or empty when it passes. */
  Optional<String> leftOut(WebhookRequest request, JsonNode parsedBody) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      Optional<String> value = request.header(e.getKey()).map(String::strip);
      if (value.isEmpty() || !e.getValue().contains(value.get())) {
        return Optional.of(
            e.getKey()
                + " is "
                + value.map(Values::quote).orElse("missing")
                + ", not one of "
                + e.getValue());
      }
    }
    for (Map.Entry<JsonPointer, List<String>> e : body.entrySet()) {
      Optional<String> value = Values.scalar(parsedBody, e.getKey());
      if (value.isEmpty() || !e.getValue().contains(value.get())) {
        return Optional.of(
            "the body's "
                + e.getKey()
                + " is "
                + value.map(Values::quote).orElse("missing")
                + ", not one of "
                + e.getValue());
      }
    }
    return Optional.empty();
  }
}
