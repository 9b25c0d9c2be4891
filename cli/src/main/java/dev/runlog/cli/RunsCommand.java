package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.run.RunStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runlog runs}: GET /api/jobs/{job}/runs, one page at a time. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List a job's runs, a page at a time.",
      "Example: runlog runs hello --status FAILURE --limit 20"
    })
final class RunsCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Parameters(index = "0", paramLabel = "<job>", description = "The job id.")
  String job;

  @Option(
      names = "--status",
      paramLabel = "<status>",
      description = "Only runs in this status: ${COMPLETION-CANDIDATES}.")
  RunStatus status;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most this many runs. Default: the engine's page size.")
  Integer limit;

  @Option(
      names = "--cursor",
      description = "Where the next page starts, as printed after the previous page.")
  String cursor;

  @Override
  public Integer call() {
    return engine.run(
        (client, out) -> {
          String query =
              EngineClient.query(
                  "status",
                  status == null ? null : status.name(),
                  "limit",
                  limit == null ? null : limit.toString(),
                  "cursor",
                  cursor);
          JsonNode page = client.get("/api/jobs/" + EngineClient.segment(job) + "/runs" + query);
          if (engine.json()) {
            Output.print(out, page);
            return;
          }
          if (page.path("runs").isEmpty()) {
            engine.note(
                "no runs of job "
                    + job
                    + (status == null ? "" : " in status " + status)
                    + (cursor == null ? "" : " after that cursor"));
          }
          Table table = new Table("RUN", "STATUS", "EVENT", "CREATED", "DURATION");
          for (JsonNode run : page.path("runs")) {
            table.row(
                Cells.text(run.get("id")),
                Cells.text(run.get("status")),
                Cells.text(run.get("eventId")),
                Cells.text(run.get("createdAt")),
                Cells.duration(run.get("startedAt"), run.get("finishedAt")));
          }
          table.print(out);
          if (page.hasNonNull("nextCursor")) {
            out.println(
                "more: runlog runs "
                    + shellWord(job)
                    + (status == null ? "" : " --status " + status)
                    + (limit == null ? "" : " --limit " + limit)
                    + " --cursor "
                    + shellWord(page.get("nextCursor").asText()));
          }
        });
  }

  /**
   * The hint is meant to be pasted into a shell, so a job id or cursor with spaces or quotes stays
   * one word.
   */
  private static String shellWord(String word) {
    return word.matches("[A-Za-z0-9._:/=+@-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
