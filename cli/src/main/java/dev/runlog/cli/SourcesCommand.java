package dev.runlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runlog sources}: the sources that start runs (Kafka topics, webhooks, schedules). */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List, define, pause, resume and delete sources: Kafka topics, webhooks and schedules that"
          + " start runs. No engine restart is needed.",
      "Example: runlog sources put orders --kind kafka --spec '{\"topics\": [\"orders\"],"
          + " \"event\": {\"name\": \"order.placed\"}}'"
    },
    subcommands = {
      SourcesCommand.ListSources.class,
      ByIdCommands.Get.class,
      SourcesCommand.Put.class,
      ByIdCommands.Delete.class,
      ByIdCommands.Pause.class,
      ByIdCommands.Resume.class
    })
final class SourcesCommand implements Callable<Integer>, ByIdCommands.Things {
  @Mixin EngineConnection engine;

  /** {@code runlog sources} alone lists them, like {@code runlog sources list}. */
  @Override
  public Integer call() {
    return list(engine);
  }

  @Override
  public String path() {
    return "/api/sources";
  }

  @Override
  public String paused(String id, JsonNode answer) {
    return id + " " + (answer.path("paused").asBoolean() ? "paused" : "resumed");
  }

  static int list(EngineConnection engine) {
    return engine.run(
        (client, out) -> {
          JsonNode answer = client.get("/api/sources");
          if (engine.json()) {
            Output.print(out, answer);
            return;
          }
          if (answer.path("sources").isEmpty()) {
            engine.note("no sources are defined: runlog sources put --help");
          }
          Table table = new Table("ID", "KIND", "STATE", "LAG", "REASON");
          for (JsonNode source : answer.path("sources")) {
            table.row(
                Cells.text(source.get("id")),
                Cells.text(source.get("kind")),
                Cells.text(source.get("state")),
                Cells.text(source.get("lag")),
                Cells.truncate(Cells.text(source.get("reason")), 80));
          }
          table.print(out);
        });
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the sources with their state on the engine that answers.")
  static final class ListSources implements Callable<Integer> {
    @Mixin EngineConnection engine;

    @Override
    public Integer call() {
      return list(engine);
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = {
        "Define a source, or change it: it starts (or restarts) with no engine restart.",
        "Example: runlog sources put github --kind webhook --spec-file github-webhook.json"
      })
  static final class Put implements Callable<Integer> {
    @Mixin EngineConnection engine;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<id>", description = "The source's id.")
    String id;

    @Option(names = "--kind", required = true, description = "kafka, webhook or schedule.")
    String kind;

    @Option(names = "--spec", paramLabel = "JSON", description = "The kind's settings as JSON.")
    String specText;

    @Option(
        names = "--spec-file",
        paramLabel = "FILE",
        description = "A file that holds the kind's settings as JSON (instead of --spec).")
    Path specFile;

    @Option(names = "--paused", description = "Define it paused: it reads nothing until resumed.")
    boolean paused;

    @Override
    public Integer call() {
      ObjectNode body =
          EngineClient.JSON.createObjectNode().put("kind", kind).put("paused", paused);
      body.set("spec", readSpec());
      return engine.run(
          (client, out) ->
              ByIdCommands.pretty(
                  out, client.put("/api/sources/" + EngineClient.segment(id), body)));
    }

    private JsonNode readSpec() {
      if ((specText == null) == (specFile == null)) {
        throw new ParameterException(spec.commandLine(), "give one of --spec and --spec-file");
      }
      try {
        return EngineClient.JSON.readTree(specText != null ? specText : Files.readString(specFile));
      } catch (JsonProcessingException e) {
        throw new ParameterException(
            spec.commandLine(), "--spec is not JSON: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "cannot read --spec: " + e.getMessage());
      }
    }
  }
}
