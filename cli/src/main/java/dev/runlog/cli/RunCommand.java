package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runlog run}: GET /api/runs/{id}, shown as a header, its tasks and its waits. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Show a run: its status, output or error, tasks and waits. With --follow, print each change"
          + " (status, task, wait) as a line until the run ends; exit code 0 if it ends SUCCESS, 5"
          + " if it ends otherwise, 6 at --timeout.",
      "Examples:",
      "  runlog run run_09d8a9296ab33e4bb56942a0977ce98e",
      "  runlog run run_09d8a9296ab33e4bb56942a0977ce98e --follow --timeout 5m",
      "  runlog run run_09d8a9296ab33e4bb56942a0977ce98e --follow -o json | jq .status"
    })
final class RunCommand implements Callable<Integer> {
  /** Wide enough to see what an output is; the whole of it is in the REST answer. */
  private static final int OUTPUT_WIDTH = 40;

  @Mixin EngineConnection engine;

  @Parameters(index = "0", paramLabel = "<id>", description = "The run id.")
  String id;

  @Option(
      names = {"-f", "--follow"},
      description =
          "Follow the run until it ends: a line per change (with -o json: the run as JSON, one per"
              + " line).")
  boolean follow;

  @Option(
      names = "--timeout",
      paramLabel = "<duration>",
      converter = Timeout.Converter.class,
      description =
          "With --follow: give up after this long (exit code 6), such as 30s, 5m or PT1H. Default:"
              + " no limit.")
  Duration timeout;

  @Override
  public Integer call() {
    if (timeout != null && !follow) {
      throw engine.usageError("--timeout goes with --follow");
    }
    if (follow) {
      Timeout deadline = Timeout.from(timeout);
      return engine.run((client, out) -> RunFollow.follow(engine, client, out, id, deadline));
    }
    return engine.run(
        (client, out) -> {
          JsonNode run = client.get("/api/runs/" + EngineClient.segment(id));
          if (engine.json()) {
            Output.print(out, run);
            return;
          }
          header(run, out);
          out.println();
          Table tasks = new Table("KEY", "STATUS", "ATTEMPTS", "DURATION", "OUTPUT", "ERROR");
          for (JsonNode task : run.path("tasks")) {
            tasks.row(
                Cells.text(task.get("key")),
                Cells.text(task.get("status")),
                Cells.text(task.get("attempts")),
                task.path("durationMs").isNumber()
                    ? Cells.duration(task.get("durationMs").asLong())
                    : Cells.NONE,
                Cells.truncate(Cells.json(task.get("output")), OUTPUT_WIDTH),
                Cells.text(task.path("error").get("message")));
          }
          tasks.print(out);
          if (!run.path("waits").isEmpty()) {
            out.println();
            Table waits = new Table("WAIT", "UNTIL", "ELAPSED");
            for (JsonNode wait : run.path("waits")) {
              waits.row(
                  Cells.text(wait.get("key"))
                      + (wait.hasNonNull("event") // a wait for an event: which, and its filter
                          ? " (event "
                              + wait.get("event").asText()
                              + " "
                              + Cells.json(wait.get("filter"))
                              + ")"
                          : ""),
                  Cells.text(wait.get("until")),
                  wait.path("elapsed").asBoolean() ? Cells.text(wait.get("elapsedAt")) : "no");
            }
            waits.print(out);
          }
        });
  }

  private static void header(JsonNode run, PrintWriter out) {
    line(out, "run", Cells.text(run.get("id")));
    line(
        out,
        "job",
        Cells.text(run.get("jobId")) + " (version " + Cells.text(run.get("jobVersion")) + ")");
    List<String> status = new ArrayList<>(List.of(Cells.text(run.get("status"))));
    if (run.hasNonNull("waitingOn")) {
      status.add("waiting on " + run.get("waitingOn").asText());
    }
    if (run.path("cancelRequested").asBoolean()) {
      status.add("cancel requested");
    }
    line(out, "status", String.join(", ", status));
    line(out, "event", Cells.text(run.get("eventName")) + " " + Cells.text(run.get("eventId")));
    line(out, "created", Cells.text(run.get("createdAt")));
    String took = Cells.duration(run.get("startedAt"), run.get("finishedAt"));
    line(
        out,
        "finished",
        Cells.text(run.get("finishedAt")) + (took.equals(Cells.NONE) ? "" : " (ran " + took + ")"));
    if (run.hasNonNull("replayOf")) {
      line(out, "replay of", run.get("replayOf").asText());
    }
    if (!run.path("replays").isEmpty()) {
      List<String> replays = new ArrayList<>();
      run.get("replays").forEach(r -> replays.add(r.asText()));
      line(out, "replays", String.join(" ", replays));
    }
    if (run.hasNonNull("parentRunId")) {
      line(
          out,
          "parent",
          run.get("parentRunId").asText() + " (invoke '" + Cells.text(run.get("parentKey")) + "')");
    }
    String label = "children";
    for (JsonNode child : run.path("children")) {
      line(
          out,
          label,
          Cells.text(child.get("runId"))
              + " "
              + Cells.text(child.get("jobId"))
              + " (invoke '"
              + Cells.text(child.get("key"))
              + "')");
      label = "";
    }
    JsonNode error = run.path("error");
    if (error.isObject()) {
      line(out, "error", Cells.text(error.get("type")) + ": " + Cells.text(error.get("message")));
    }
    line(out, "output", Cells.json(run.get("output")));
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-10s %s%n", label, value);
  }
}
