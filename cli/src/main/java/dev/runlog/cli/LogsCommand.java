package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code runlog logs}: GET /api/runs/{id}/logs, one line per entry. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Print what a run logged, as: timestamp LEVEL message {fields}. A run that logged nothing"
          + " prints nothing on stdout, and says so on stderr.",
      "Example: runlog logs run_09d8a9296ab33e4bb56942a0977ce98e"
    })
final class LogsCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Parameters(index = "0", paramLabel = "<id>", description = "The run id.")
  String id;

  @Override
  public Integer call() {
    return engine.run(
        (client, out) -> {
          JsonNode answer = client.get("/api/runs/" + EngineClient.segment(id) + "/logs");
          if (engine.json()) {
            Output.print(out, answer);
            return;
          }
          if (answer.path("logs").isEmpty()) {
            engine.note("no log lines for run " + id);
          }
          for (JsonNode log : answer.path("logs")) {
            JsonNode fields = log.path("fields");
            out.printf(
                "%s %-5s %s%s%n",
                Cells.text(log.get("timestamp")),
                Cells.text(log.get("level")),
                Cells.text(log.get("message")),
                fields.isEmpty() ? "" : " " + fields); // isEmpty is true for null and missing too
          }
        });
  }
}
