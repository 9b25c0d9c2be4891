package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.run.RunStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runlog runs}: a job's runs (GET /api/jobs/{job}/runs), or runs across jobs found by event,
 * payload field or creation time (GET /api/runs), one page at a time.
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List a job's runs, or runs across jobs by status, event, payload field or creation time, a page at a time.",
      "Examples: runlog runs hello --status FAILURE --limit 20",
      "          runlog runs --payload orderId=42 --from 2026-11-30T00:00:00Z"
    })
final class RunsCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<job>",
      description = "The job id. Without it: runs of every job.")
  String job;

  @Option(names = "--event", paramLabel = "<id>", description = "Only the runs this event started.")
  String event;

  @Option(
      names = "--payload",
      paramLabel = "<field>=<value>",
      description =
          "Only runs whose payload has this top-level field equal to this value (the first 8 scalar"
              + " fields of a payload are searchable).")
  String payload;

  @Option(
      names = "--from",
      paramLabel = "<instant>",
      description = "Only runs created at or after this ISO-8601 instant.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "<instant>",
      description = "Only runs created before this ISO-8601 instant.")
  String to;

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
    String[] field = payloadField();
    boolean across = job == null || event != null || field != null || from != null || to != null;
    return engine.run(
        (client, out) -> {
          String query =
              EngineClient.query(
                  "job",
                  across ? job : null,
                  "status",
                  status == null ? null : status.name(),
                  "eventId",
                  event,
                  field == null ? null : "payload." + field[0],
                  field == null ? null : field[1],
                  "from",
                  from,
                  "to",
                  to,
                  "limit",
                  limit == null ? null : limit.toString(),
                  "cursor",
                  cursor);
          JsonNode page =
              client.get(
                  (across ? "/api/runs" : "/api/jobs/" + EngineClient.segment(job) + "/runs")
                      + query);
          if (engine.json()) {
            Output.print(out, page);
            return;
          }
          if (page.path("runs").isEmpty()) {
            engine.note(
                (job == null ? "no runs" : "no runs of job " + job)
                    + (status == null ? "" : " in status " + status)
                    + (across && job == null && page.hasNonNull("nextCursor")
                        ? " on this page (the search stopped where one request may; --cursor reads on)"
                        : "")
                    + (cursor == null ? "" : " after that cursor"));
          }
          Table table =
              across
                  ? new Table("RUN", "JOB", "STATUS", "EVENT", "CREATED", "DURATION")
                  : new Table("RUN", "STATUS", "EVENT", "CREATED", "DURATION");
          for (JsonNode run : page.path("runs")) {
            if (across) {
              table.row(
                  Cells.text(run.get("id")),
                  Cells.text(run.get("jobId")),
                  Cells.text(run.get("status")),
                  Cells.text(run.get("eventId")),
                  Cells.text(run.get("createdAt")),
                  Cells.duration(run.get("startedAt"), run.get("finishedAt")));
            } else {
              table.row(
                  Cells.text(run.get("id")),
                  Cells.text(run.get("status")),
                  Cells.text(run.get("eventId")),
                  Cells.text(run.get("createdAt")),
                  Cells.duration(run.get("startedAt"), run.get("finishedAt")));
            }
          }
          table.print(out);
          if (page.hasNonNull("nextCursor")) {
            out.println("more: " + again(page.get("nextCursor").asText()));
          }
        });
  }

  /** {@code --payload field=value} split at its first {@code =}, or null without the option. */
  private String[] payloadField() {
    if (payload == null) {
      return null;
    }
    int eq = payload.indexOf('=');
    if (eq <= 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--payload takes <field>=<value>, such as orderId=42: " + payload);
    }
    return new String[] {payload.substring(0, eq), payload.substring(eq + 1)};
  }

  /** This command again for the next page, as words a shell reads back. */
  private String again(String nextCursor) {
    StringBuilder command = new StringBuilder("runlog runs");
    if (job != null) {
      command.append(' ').append(shellWord(job));
    }
    append(command, "--status", status == null ? null : status.name());
    append(command, "--event", event);
    append(command, "--payload", payload);
    append(command, "--from", from);
    append(command, "--to", to);
    append(command, "--limit", limit == null ? null : limit.toString());
    append(command, "--cursor", nextCursor);
    return command.toString();
  }

  private static void append(StringBuilder command, String option, String value) {
    if (value != null) {
      command.append(' ').append(option).append(' ').append(shellWord(value));
    }
  }

  /**
   * The hint is meant to be pasted into a shell, so a job id or cursor with spaces or quotes stays
   * one word.
   */
  private static String shellWord(String word) {
    return word.matches("[A-Za-z0-9._:/=+@-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
