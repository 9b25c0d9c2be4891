package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code runlog jobs}: GET /api/jobs. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List the registered jobs with their runs by status.",
      "LIMIT is the job's own concurrency limit, or name=limit of a shared one.",
      "Example: runlog jobs"
    })
final class JobsCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Override
  public Integer call() {
    return engine.run(
        (client, out) -> {
          JsonNode answer = client.get("/api/jobs");
          if (engine.json()) {
            Output.print(out, answer);
            return;
          }
          if (answer.path("jobs").isEmpty()) {
            engine.note("no jobs are registered: start a worker with your jobs (runlog worker)");
          }
          Table table = new Table("ID", "VERSION", "EVENT", "LIMIT", "RUNS");
          for (JsonNode job : answer.path("jobs")) {
            table.row(
                Cells.text(job.get("id")),
                Cells.text(job.get("version")),
                Cells.text(job.get("eventName")),
                limit(job),
                counts(job.path("counts")));
          }
          table.print(out);
        });
  }

  private static String limit(JsonNode job) {
    List<String> limits = new ArrayList<>();
    if (job.path("concurrencyLimit").isNumber()) {
      limits.add(job.get("concurrencyLimit").asText());
    }
    JsonNode shared = job.path("sharedLimit");
    if (shared.isObject()) {
      limits.add(Cells.text(shared.get("name")) + "=" + Cells.text(shared.get("limit")));
    }
    return String.join(",", limits);
  }

  /** {@code SUCCESS=3 FAILURE=1}: the statuses that have runs, in the engine's order. */
  private static String counts(JsonNode counts) {
    List<String> nonZero = new ArrayList<>();
    for (Map.Entry<String, JsonNode> count : counts.properties()) {
      if (count.getValue().asLong() != 0) {
        nonZero.add(count.getKey() + "=" + count.getValue().asText());
      }
    }
    return String.join(" ", nonZero);
  }
}
