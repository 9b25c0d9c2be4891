package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The subcommands that act on one thing by its id, shared by {@code runlog sources} and {@code
 * runlog schedules}: get, delete, pause and resume of {@code <path>/{id}}.
 */
final class ByIdCommands {
  private ByIdCommands() {}

  /** The command these are subcommands of: where its things are, and how to say a pause. */
  interface Things {
    /** The API path of the things, such as {@code /api/sources}. */
    String path();

    /** The line that says what a pause or resume of {@code id} did, from the engine's answer. */
    String paused(String id, JsonNode answer);
  }

  static String url(Things things, String id) {
    return things.path() + "/" + EngineClient.segment(id);
  }

  /** Things are shown as JSON with either {@code -o}: their definitions are JSON. */
  static void pretty(PrintWriter out, JsonNode json) {
    Output.print(out, json);
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Print one as JSON: its definition and its state now.")
  static final class Get implements Callable<Integer> {
    @ParentCommand Things things;
    @Mixin EngineConnection engine;

    @Parameters(index = "0", paramLabel = "<id>", description = "Its id.")
    String id;

    @Override
    public Integer call() {
      return engine.run((client, out) -> pretty(out, client.get(url(things, id))));
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete it: it stops on every engine instance.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand Things things;
    @Mixin EngineConnection engine;

    @Parameters(index = "0", paramLabel = "<id>", description = "Its id.")
    String id;

    @Override
    public Integer call() {
      return engine.run(
          (client, out) ->
              engine.print(
                  out, client.delete(url(things, id)), answer -> out.println("deleted " + id)));
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause it: it starts no run until resumed (a Kafka source keeps its position).")
  static final class Pause implements Callable<Integer> {
    @ParentCommand Things things;
    @Mixin EngineConnection engine;

    @Parameters(index = "0", paramLabel = "<id>", description = "Its id.")
    String id;

    @Override
    public Integer call() {
      return engine.run(
          (client, out) ->
              engine.print(
                  out,
                  client.post(url(things, id) + "/pause"),
                  answer -> out.println(things.paused(id, answer))));
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description =
          "Resume it: a Kafka source from where it stopped, a schedule from its next tick.")
  static final class Resume implements Callable<Integer> {
    @ParentCommand Things things;
    @Mixin EngineConnection engine;

    @Parameters(index = "0", paramLabel = "<id>", description = "Its id.")
    String id;

    @Override
    public Integer call() {
      return engine.run(
          (client, out) ->
              engine.print(
                  out,
                  client.post(url(things, id) + "/resume"),
                  answer -> out.println(things.paused(id, answer))));
    }
  }
}
