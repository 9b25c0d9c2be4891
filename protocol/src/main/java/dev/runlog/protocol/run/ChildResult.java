package dev.runlog.protocol.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a child run ended, as its parent's {@code WaitResolved} carries it (JSON): {@code
 * {"runId":..., "status":"SUCCESS", "output":..., "error":{"type":..., "message":...}}}.
 *
 * @param status the child's final status ({@code SUCCESS}, {@code FAILURE}, {@code CANCELED}, ...),
 *     or {@value #UNKNOWN_JOB} when no child could be made: its job is not registered
 * @param output the child's output (JSON), null unless SUCCESS
 * @param error why it did not succeed, null on SUCCESS
 */
public record ChildResult(String runId, String status, String output, ErrorInfo error) {
  public static final String SUCCESS = "SUCCESS";
  public static final String UNKNOWN_JOB = "UNKNOWN_JOB";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  public boolean succeeded() {
    return SUCCESS.equals(status);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("runId", runId);
    root.put("status", status);
    try {
      root.set("output", output == null ? null : JSON.readTree(output));
    } catch (JsonProcessingException e) {
      root.put("output", output); // not JSON: kept as text
    }
    if (error != null) {
      root.putObject("error").put("type", error.type()).put("message", error.message());
    }
    return root.toString();
  }

  /** Reads what {@link #toJson()} wrote. */
  public static ChildResult parse(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      JsonNode output = root.get("output");
      JsonNode error = root.get("error");
      return new ChildResult(
          root.path("runId").asText(null),
          root.path("status").asText(null),
          output == null || output.isNull() ? null : output.toString(),
          error == null || error.isNull()
              ? null
              : ErrorInfo.of(error.path("type").asText(null), error.path("message").asText("")));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a child run's result: " + json, e);
    }
  }
}
