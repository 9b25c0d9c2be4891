package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What of the body becomes the event's payload: all of it, the value at a JSON pointer ({@code
 * "/pull_request"}), or an object built from pointers ({@code {"login": "/sender/login", "repo":
 * "/repository/name"}}), which turns a sender's large body into the small payload a job's class
 * reads. A pointer with nothing there gives {@code null}.
 */
public sealed interface PayloadRule {
  record Whole() implements PayloadRule {
    @Override
    public JsonNode apply(JsonNode body) {
      return body;
    }
  }

  record At(JsonPointer pointer) implements PayloadRule {
    @Override
    public JsonNode apply(JsonNode body) {
      return PayloadRule.orNull(body.at(pointer));
    }
  }

  record Picked(Map<String, JsonPointer> fields) implements PayloadRule {
    public Picked {
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public JsonNode apply(JsonNode body) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      fields.forEach((name, pointer) -> out.set(name, PayloadRule.orNull(body.at(pointer))));
      return out;
    }
  }

  static PayloadRule parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return new Whole();
    }
    if (node.isTextual()) {
      return node.asText().isEmpty()
          ? new Whole()
          : new At(Values.pointer("payload", node.asText()));
    }
    if (node.isObject() && !node.isEmpty()) {
      Map<String, JsonPointer> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!field.getValue().isTextual()) {
          throw new InvalidSourceException(
              "payload." + field.getKey() + " must be a JSON pointer string (\"/sender/login\")");
        }
        fields.put(
            field.getKey(), Values.pointer("payload." + field.getKey(), field.getValue().asText()));
      }
      return new Picked(fields);
    }
    throw new InvalidSourceException(
        "payload must be a JSON pointer (\"/pull_request\"), or an object of them ({\"login\":"
            + " \"/sender/login\"}); leave it out for the whole body");
  }

  /** The payload of an event with {@code body}. */
  JsonNode apply(JsonNode body);

  static JsonNode orNull(JsonNode node) {
    return node.isMissingNode() ? NullNode.getInstance() : node;
  }
}
