package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines {@code run --follow} prints for what changed between two views of a run. */
class RunChangesTest {
  private static final String WAITING =
      """
      {"id": "run_1", "jobId": "hello", "status": "WAITING", "waitingOn": "wait:cool-down",
       "updatedAt": "2026-11-29T23:40:01.170Z",
       "tasks": [{"key": "greet", "status": "COMPLETED", "attempts": 1, "output": "Hello, Ada"}],
       "waits": [{"key": "cool-down", "until": "2026-11-29T23:40:31.170Z", "elapsed": false}]}""";

  @Test
  void theFirstViewShowsTheRunAndWhatItHasDone() {
    assertEquals(
        List.of(
            "2026-11-29T23:40:01.170Z  run  run_1  job hello  WAITING (waiting on wait:cool-down)",
            "2026-11-29T23:40:01.170Z  task  greet  COMPLETED  attempt 1  \"Hello, Ada\"",
            "2026-11-29T23:40:01.170Z  wait  cool-down  until 2026-11-29T23:40:31.170Z"),
        RunChanges.between(null, Json.parse(WAITING)));
  }

  @Test
  void aLaterViewShowsOnlyWhatChanged() {
    String resumed =
        """
        {"id": "run_1", "jobId": "hello", "status": "EXECUTING", "waitingOn": null,
         "updatedAt": "2026-11-29T23:40:31.180Z",
         "tasks": [{"key": "greet", "status": "COMPLETED", "attempts": 1, "output": "Hello, Ada"},
                   {"key": "charge", "status": "FAILED", "attempts": 2, "error": {"message": "declined"}}],
         "waits": [{"key": "cool-down", "until": "2026-11-29T23:40:31.170Z", "elapsed": true}],
         "cancelRequested": true}""";
    assertEquals(
        List.of(
            "2026-11-29T23:40:31.180Z  status  EXECUTING",
            "2026-11-29T23:40:31.180Z  task  charge  FAILED  attempt 2  declined",
            "2026-11-29T23:40:31.180Z  wait  cool-down  elapsed",
            "2026-11-29T23:40:31.180Z  cancel  requested"),
        RunChanges.between(Json.parse(WAITING), Json.parse(resumed)));
    assertEquals(List.of(), RunChanges.between(Json.parse(resumed), Json.parse(resumed)));
  }

  @Test
  void theEndShowsTheErrorOrTheOutput() {
    String failed =
        """
        {"id": "run_1", "jobId": "hello", "status": "FAILURE", "updatedAt": "2026-11-29T23:40:32Z",
         "tasks": [{"key": "greet", "status": "COMPLETED", "attempts": 1, "output": "Hello, Ada"}],
         "waits": [{"key": "cool-down", "until": "2026-11-29T23:40:31.170Z", "elapsed": false}],
         "error": {"type": "IllegalStateException", "message": "no"}}""";
    assertEquals(
        List.of(
            "2026-11-29T23:40:32Z  status  FAILURE",
            "2026-11-29T23:40:32Z  error  IllegalStateException: no"),
        RunChanges.between(Json.parse(WAITING), Json.parse(failed)));
  }
}
