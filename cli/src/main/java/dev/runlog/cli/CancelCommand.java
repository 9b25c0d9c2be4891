package dev.runlog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runlog cancel}: POST /api/runs/{id}/cancel. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Ask the engine to cancel a run. A finished run cannot be canceled (exit code 1).",
      "Example: runlog cancel run_09d8a9296ab33e4bb56942a0977ce98e --reason 'sent twice'"
    })
final class CancelCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Parameters(index = "0", paramLabel = "<id>", description = "The run id.")
  String id;

  @Option(names = "--reason", description = "Why, recorded on the run's log.")
  String reason;

  @Override
  public Integer call() {
    return RunAction.request(engine, "cancel", id, reason);
  }
}
