package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.run.RunStatus;
import java.util.Arrays;

/**
 * How a run that was waited for ended, as the exit code of {@code send --wait} and {@code run
 * --follow}: 0 for SUCCESS only.
 */
final class RunOutcome {
  private RunOutcome() {}

  /** The engine's own definition of final, so that the CLI cannot disagree with it. */
  static boolean isFinal(String status) {
    return Arrays.stream(RunStatus.values()).anyMatch(s -> s.name().equals(status) && s.isFinal());
  }

  /** Nothing for a SUCCESS; for another end, the failure that says how it ended. */
  static void check(JsonNode run) {
    String status = Cells.text(run.get("status"));
    if (!status.equals(RunStatus.SUCCESS.name())) {
      JsonNode error = run.path("error");
      throw new EngineClient.Failure(
          EngineConnection.NOT_SUCCESS,
          "run "
              + Cells.text(run.get("id"))
              + " ended "
              + status
              + (error.isObject()
                  ? ": " + Cells.text(error.get("type")) + ": " + Cells.text(error.get("message"))
                  : ""));
    }
  }

  static EngineClient.Failure timedOut(String runId, JsonNode run, Timeout timeout) {
    return new EngineClient.Failure(
        EngineConnection.TIMED_OUT,
        "run "
            + runId
            + " is "
            + (run == null || !run.hasNonNull("status")
                ? "not readable yet"
                : "still " + Cells.text(run.get("status")))
            + " after --timeout "
            + timeout.said());
  }
}
