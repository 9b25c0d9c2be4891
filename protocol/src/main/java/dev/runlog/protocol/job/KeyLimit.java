package dev.runlog.protocol.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * At most {@code limit} runs of a job execute at once per value of the payload field at {@code
 * path} (dotted, e.g. {@code tenantId} or {@code customer.id}): one tenant's queue never holds up
 * another's.
 */
public record KeyLimit(String path, int limit) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public KeyLimit {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a per-key limit needs the path of a payload field");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("a per-key limit must be at least 1, not " + limit);
    }
  }

  /**
   * The key of a payload: the string, number or boolean at {@link #path}, as text; null when the
   * payload has none there (or is not JSON).
   */
  public String valueIn(String payloadJson) {
    if (payloadJson == null) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(payloadJson);
    } catch (JsonProcessingException e) {
      return null;
    }
    for (String field : path.split("\\.")) {
      node = node == null ? null : node.get(field);
    }
    return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
  }
}
