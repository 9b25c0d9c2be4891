package dev.runlog.cli;

import dev.runlog.engine.rest.RestServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code runlog health}: GET /health/ready, for a container's health check (the image has no curl).
 * Exit 0 only when the engine answers 200; 3 while it starts (503) or cannot be reached.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Ask an engine whether it is ready (GET "
          + RestServer.HEALTH_READY_PATH
          + "): exit code 0 if it is, 3 if not or unreachable.",
      "Example, a Docker health check: runlog health --url http://localhost:8080"
    })
final class HealthCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Override
  public Integer call() {
    return engine.run(
        (client, out) ->
            engine.print(
                out,
                client.get(RestServer.HEALTH_READY_PATH),
                answer -> out.println(Cells.text(answer.get("status")))));
  }
}
