package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An action on one run that the engine only records as requested ({@code cancel}, {@code
 * continue}): POST /api/runs/{id}/{action}, then one line that says so.
 */
final class RunAction {
  private RunAction() {}

  static Integer request(EngineConnection engine, String action, String runId, String reason) {
    return engine.run(
        (client, out) -> {
          JsonNode answer =
              client.post(
                  "/api/runs/"
                      + EngineClient.segment(runId)
                      + "/"
                      + action
                      + EngineClient.query("reason", reason));
          if (engine.json()) {
            Output.print(out, answer);
            return;
          }
          // only requested: it happens once the engine has processed the request
          out.println(
              Cells.text(answer.get("runId"))
                  + ": "
                  + action
                  + " "
                  + Cells.text(answer.get(action))
                  + " (status was "
                  + Cells.text(answer.get("status"))
                  + ")");
        });
  }
}
