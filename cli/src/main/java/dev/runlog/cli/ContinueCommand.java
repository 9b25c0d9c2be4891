package dev.runlog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runlog continue}: POST /api/runs/{id}/continue. */
@Command(
    name = "continue",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      // one element per paragraph: picocli breaks the lines, and the command list shows the first
      "Resume a FAILURE, TIMED_OUT or CANCELED run as the same run: its completed tasks keep"
          + " their outputs, a failed task runs again with its attempts counted anew. Any other run"
          + " cannot be continued (exit code 1).",
      "Example: runlog continue run_09d8a9296ab33e4bb56942a0977ce98e --reason 'fixed the token'"
    })
final class ContinueCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Parameters(index = "0", paramLabel = "<id>", description = "The run id.")
  String id;

  @Option(names = "--reason", description = "Why, recorded on the run's log.")
  String reason;

  @Override
  public Integer call() {
    return RunAction.request(engine, "continue", id, reason);
  }
}
