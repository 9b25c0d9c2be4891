package dev.runlog.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.protocol.run.ErrorInfo;
import java.time.Instant;
import java.util.List;

/** A run as the API shows it: its header, input, result and tasks in call order. */
public record RunView(
    String id,
    String jobId,
    String jobVersion,
    String status,
    String eventId,
    String eventName,
    JsonNode payload,
    JsonNode context,
    JsonNode output,
    Error error,
    long execution,
    Instant createdAt,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    String waitingOn,
    boolean cancelRequested,
    List<TaskView> tasks,
    List<WaitView> waits) {

  /** An error without its stack trace, which stays in the log. */
  public record Error(String type, String message) {
    static Error of(ErrorInfo e) {
      return e == null ? null : new Error(e.type(), e.message());
    }
  }

  /** One durable wait. */
  public record WaitView(String key, Instant until, boolean elapsed, Instant requestedAt, Instant elapsedAt) {}

  /** One task. */
  public record TaskView(
      String key, String status, int attempts, JsonNode output, Error error, Instant startedAt, Instant finishedAt, Long durationMs) {}
}
