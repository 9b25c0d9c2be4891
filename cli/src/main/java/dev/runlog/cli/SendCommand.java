package dev.runlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runlog send}: POST /api/events. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Send an event; every job listening to it gets a run. Prints the event's id.",
      "Example: runlog send demo.hello --payload '{\"name\": \"Ada\"}'"
    })
final class SendCommand implements Callable<Integer> {
  @Mixin EngineConnection engine;

  @Parameters(
      index = "0",
      paramLabel = "<event>",
      description = "The event name, such as demo.hello.")
  String name;

  @Option(
      names = "--payload",
      paramLabel = "JSON",
      description =
          "The payload, any JSON; checked against each job's payload schema. Default: null.")
  String payload;

  @Option(
      names = "--id",
      description =
          "The event id. Sending the same id again starts no second run. Default: a random UUID.")
  String id;

  @Option(
      names = "--context",
      paramLabel = "JSON",
      description = "A JSON object the runs see as ctx.eventContext().")
  String context;

  @Option(
      names = "--deliver-after",
      paramLabel = "DURATION",
      description =
          "Start the runs no earlier than this ISO-8601 duration from now, such as PT30S.")
  Duration deliverAfter;

  @Override
  public Integer call() {
    ObjectNode event = EngineClient.JSON.createObjectNode().put("name", name);
    if (id != null) {
      event.put("id", id);
    }
    if (payload != null) {
      event.set("payload", json("--payload", payload));
    }
    if (context != null) {
      JsonNode contextObject = json("--context", context);
      if (!contextObject.isObject()) {
        throw engine.usageError(
            "Invalid value for option '--context': a JSON object is needed, not " + context);
      }
      event.set("context", contextObject);
    }
    if (deliverAfter != null) {
      event.put("deliverAfter", deliverAfter.toString());
    }
    return engine.run(
        (client, out) -> {
          JsonNode answer = client.post("/api/events", event);
          out.println(Cells.text(answer.get("id")));
          if (answer.path("duplicate").asBoolean(false)) { // stdout stays the id alone, for scripts
            PrintWriter err = engine.command.commandLine().getErr();
            err.println(
                "runlog send: an event with id "
                    + Cells.text(answer.get("id"))
                    + " was sent before; it starts no second run. "
                    + "Its runs: "
                    + (answer.path("runIds").isEmpty()
                        ? "none (no job listened to it)"
                        : answer.path("runIds").toString()));
            err.flush();
          }
        });
  }

  // checked here rather than by the engine, so that a typo is a usage error (2) and no request is
  // sent
  private JsonNode json(String option, String text) {
    try {
      return EngineClient.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw engine.usageError(
          "Invalid value for option '" + option + "': not JSON: " + e.getOriginalMessage());
    }
  }
}
