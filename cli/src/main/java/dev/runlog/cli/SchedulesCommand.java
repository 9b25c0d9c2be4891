package dev.runlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runlog schedules}: cron and interval schedules, with their next tick. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List, create, pause, resume and delete schedules: a cron expression in a time zone, or an"
          + " interval, that starts a run of a job (or sends an event) at each tick.",
      "Example: runlog schedules create nightly --cron '0 2 * * *' --timezone Europe/Berlin --job"
          + " cleanup"
    },
    subcommands = {
      SchedulesCommand.ListSchedules.class,
      ByIdCommands.Get.class,
      SchedulesCommand.Create.class,
      ByIdCommands.Delete.class,
      ByIdCommands.Pause.class,
      ByIdCommands.Resume.class
    })
final class SchedulesCommand implements Callable<Integer>, ByIdCommands.Things {
  @Mixin EngineConnection engine;

  /** {@code runlog schedules} alone lists them, like {@code runlog schedules list}. */
  @Override
  public Integer call() {
    return list(engine);
  }

  @Override
  public String path() {
    return "/api/schedules";
  }

  @Override
  public String paused(String id, JsonNode answer) {
    return id
        + " "
        + (answer.path("paused").asBoolean()
            ? "paused"
            : "resumed, next tick " + Cells.text(answer.get("nextTick")));
  }

  static int list(EngineConnection engine) {
    return engine.run(
        (client, out) -> {
          JsonNode answer = client.get("/api/schedules");
          if (engine.json()) {
            Output.print(out, answer);
            return;
          }
          if (answer.path("schedules").isEmpty()) {
            engine.note("no schedules: runlog schedules create --help");
          }
          Table table =
              new Table("ID", "WHEN", "RUNS", "STATE", "NEXT TICK", "LAST FIRED", "REASON");
          for (JsonNode s : answer.path("schedules")) {
            table.row(
                Cells.text(s.get("id")),
                when(s),
                s.hasNonNull("job")
                    ? "job " + s.get("job").asText()
                    : "event " + Cells.text(s.get("event")),
                Cells.text(s.get("state")),
                Cells.text(s.get("nextTick")),
                Cells.text(s.get("lastFiredAt")),
                Cells.truncate(Cells.text(s.get("reason")), 60));
          }
          table.print(out);
        });
  }

  private static String when(JsonNode s) {
    if (s.hasNonNull("cron")) {
      return s.get("cron").asText() + " " + Cells.text(s.get("timezone"));
    }
    return "every " + Cells.text(s.get("interval"));
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the schedules with their state, next tick and the last tick fired.")
  static final class ListSchedules implements Callable<Integer> {
    @Mixin EngineConnection engine;

    @Override
    public Integer call() {
      return list(engine);
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a schedule, or replace the one of that id. Give --cron or --every, and --job or"
            + " --event.",
        "Example: runlog schedules create poll --every 30s --event inventory.poll --payload"
            + " '{\"warehouse\": \"north\"}'"
      })
  static final class Create implements Callable<Integer> {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    @Mixin EngineConnection engine;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<id>", description = "The schedule's id.")
    String id;

    @Option(
        names = "--cron",
        paramLabel = "EXPR",
        description = "5 fields (minute hour day-of-month month day-of-week) or 6, seconds first.")
    String cron;

    @Option(
        names = "--timezone",
        paramLabel = "ZONE",
        description = "The cron's IANA time zone, e.g. Europe/Berlin (default UTC).")
    String timezone;

    @Option(
        names = "--every",
        paramLabel = "DURATION",
        description = "An interval: 30s, 5m, 1h, 1d or ISO-8601 (PT30S); at least 1 s.")
    String every;

    @Option(names = "--job", description = "The job to start a run of at each tick.")
    String job;

    @Option(names = "--event", description = "The event to send at each tick.")
    String event;

    @Option(
        names = "--payload",
        paramLabel = "JSON",
        description = "A JSON object merged into each tick's payload.")
    String payload;

    @Option(
        names = "--catch-up",
        paramLabel = "POLICY",
        description = "Ticks missed while no engine ran: skip (default) or once.")
    String catchUp;

    @Option(names = "--paused", description = "Create it paused.")
    boolean paused;

    @Override
    public Integer call() {
      ObjectNode body = EngineClient.JSON.createObjectNode().put("id", id);
      if ((cron == null) == (every == null)) {
        throw new ParameterException(spec.commandLine(), "give one of --cron and --every");
      }
      if ((job == null) == (event == null)) {
        throw new ParameterException(spec.commandLine(), "give one of --job and --event");
      }
      if (cron != null) {
        body.put("cron", cron);
        if (timezone != null) {
          body.put("timezone", timezone);
        }
      } else {
        body.put("interval", interval(every).toString());
      }
      body.put(job != null ? "job" : "event", job != null ? job : event);
      if (payload != null) {
        try {
          body.set("payload", EngineClient.JSON.readTree(payload));
        } catch (JsonProcessingException e) {
          throw new ParameterException(
              spec.commandLine(), "--payload is not JSON: " + e.getOriginalMessage());
        }
      }
      if (catchUp != null) {
        body.put("catchUp", catchUp);
      }
      body.put("paused", paused);
      return engine.run(
          (client, out) -> ByIdCommands.pretty(out, client.post("/api/schedules", body)));
    }

    private Duration interval(String text) {
      Matcher m = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      try {
        return Duration.parse(text.strip());
      } catch (DateTimeParseException e) {
        throw new ParameterException(
            spec.commandLine(), "--every " + text + " is not a duration such as 30s, 5m or PT1H");
      }
    }
  }
}
