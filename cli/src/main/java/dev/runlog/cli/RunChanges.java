package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two views of a run, as the lines {@code run --follow} prints: the run's
 * status, each task that started or changed, each wait that began or elapsed, and at the end the
 * output or error. Each line starts with the time the engine last changed the run.
 */
final class RunChanges {
  private RunChanges() {}

  /** The lines from {@code before} (null: nothing seen yet) to {@code after}. */
  static List<String> between(JsonNode before, JsonNode after) {
    String at = Cells.text(after.get("updatedAt"));
    List<String> lines = new ArrayList<>();
    String status = Cells.text(after.get("status"));
    if (before == null) {
      lines.add(
          line(
              at,
              "run",
              Cells.text(after.get("id")),
              "job " + Cells.text(after.get("jobId")),
              status + waitingOn(after)));
    } else if (!status.equals(Cells.text(before.get("status")))
        || !Objects.equals(before.get("waitingOn"), after.get("waitingOn"))) {
      lines.add(line(at, "status", status + waitingOn(after)));
    }
    Map<String, JsonNode> tasksBefore = byKey(before, "tasks");
    for (JsonNode task : after.path("tasks")) {
      JsonNode was = tasksBefore.get(task.path("key").asText());
      if (was == null
          || !was.path("status").equals(task.path("status"))
          || !was.path("attempts").equals(task.path("attempts"))) {
        lines.add(task(at, task));
      }
    }
    Map<String, JsonNode> waitsBefore = byKey(before, "waits");
    for (JsonNode wait : after.path("waits")) {
      JsonNode was = waitsBefore.get(wait.path("key").asText());
      if (was == null || was.path("elapsed").asBoolean() != wait.path("elapsed").asBoolean()) {
        lines.add(wait(at, wait));
      }
    }
    if (after.path("cancelRequested").asBoolean()
        && (before == null || !before.path("cancelRequested").asBoolean())) {
      lines.add(line(at, "cancel", "requested"));
    }
    if (after.path("error").isObject()
        && (before == null || !after.get("error").equals(before.get("error")))) {
      JsonNode error = after.get("error");
      lines.add(
          line(
              at,
              "error",
              Cells.text(error.get("type")) + ": " + Cells.text(error.get("message"))));
    }
    if (after.hasNonNull("output")
        && (before == null || !after.get("output").equals(before.get("output")))) {
      lines.add(line(at, "output", Cells.json(after.get("output"))));
    }
    return lines;
  }

  private static String task(String at, JsonNode task) {
    String status = Cells.text(task.get("status"));
    String detail = "";
    if (task.path("error").isObject()) {
      detail = "  " + Cells.text(task.get("error").get("message"));
    } else if (task.hasNonNull("output")) {
      detail = "  " + Cells.json(task.get("output"));
    }
    return line(
        at,
        "task",
        Cells.text(task.get("key")),
        status,
        "attempt " + Cells.text(task.get("attempts")) + detail);
  }

  private static String wait(String at, JsonNode wait) {
    String what =
        wait.hasNonNull("event")
            ? "event " + wait.get("event").asText() + " " + Cells.json(wait.get("filter"))
            : "until " + Cells.text(wait.get("until"));
    return line(
        at,
        "wait",
        Cells.text(wait.get("key")),
        wait.path("elapsed").asBoolean() ? "elapsed" : what);
  }

  private static String waitingOn(JsonNode run) {
    return run.hasNonNull("waitingOn") ? " (waiting on " + run.get("waitingOn").asText() + ")" : "";
  }

  private static Map<String, JsonNode> byKey(JsonNode run, String field) {
    Map<String, JsonNode> map = new HashMap<>();
    if (run != null) {
      run.path(field).forEach(item -> map.put(item.path("key").asText(), item));
    }
    return map;
  }

  private static String line(String at, String... words) {
    return at + "  " + String.join("  ", words);
  }
}
