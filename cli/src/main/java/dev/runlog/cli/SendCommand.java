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
      "With --wait, then waits for its runs to end and prints each one's status and output or"
          + " error: exit code 0 only if every run ended SUCCESS, 5 if one ended otherwise or the"
          + " event started no run, 6 at --timeout.",
      "Examples:",
      "  runlog send demo.hello --payload '{\"name\": \"Ada\"}'",
      "  runlog send demo.hello --payload '{\"name\": \"Ada\"}' --wait --timeout 2m"
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

  @Option(
      names = "--wait",
      description =
          "Wait for the runs the event starts to end, and print each one's status and output.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "<duration>",
      converter = Timeout.Converter.class,
      description =
          "With --wait: give up after this long (exit code 6), such as 30s, 5m or PT1H. Default:"
              + " no limit.")
  Duration timeout;

  @Override
  public Integer call() {
    if (timeout != null && !wait) {
      throw engine.usageError("--timeout goes with --wait");
    }
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
          Timeout deadline = Timeout.from(timeout); // from the send: --timeout bounds it all
          JsonNode answer = client.post("/api/events", event);
          if (wait) {
            warnDuplicate(answer);
            new EventWait(engine, client, deadline).await(answer, out);
            return;
          }
          engine.print(out, answer, a -> out.println(Cells.text(a.get("id"))));
          warnDuplicate(answer);
        });
  }

  private void warnDuplicate(JsonNode answer) {
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
