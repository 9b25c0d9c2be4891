package dev.runlog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code runlog replay}: POST /api/runs/{id}/replay. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Run a run again, as a new run whose replayOf names the old one. Prints the new run's id.",
      "Example: runlog replay run_09d8a9296ab33e4bb56942a0977ce98e"
    })
final class ReplayCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Parameters(index = "0", paramLabel = "<id>", description = "The id of the run to replay.")
  String id;

  @Override
  public Integer call() {
    return engine.run(
        (client, out) ->
            engine.print(
                out,
                client.post("/api/runs/" + EngineClient.segment(id) + "/replay"),
                answer -> out.println(Cells.text(answer.get("runId")))));
  }
}
