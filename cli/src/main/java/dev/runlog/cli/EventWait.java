package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code runlog send --wait}: after the event is accepted, waits until the engine has read it (the
 * long poll GET /api/events/{id}?timeoutMs=: the runs it started), then for each run until it is
 * final (the long poll GET /api/runs/{id}?until=final, which also waits for a run not made yet),
 * and prints them. An event may start a run of every job that listens to it: all of them are waited
 * for.
 */
final class EventWait {
  /**
   * The engine waits for the event and the runs it asks about (long polls); a 404 comes only when
   * one did not come within the wait (or from an engine that does not wait): ask again after this.
   */
  private static final long POLL_MS = 200;

  /**
   * One long poll at most this long: well within the client's request time-out of 30 s, and the
   * engine's limit of 60 s.
   */
  private static final long LONG_POLL_MS = 20_000;

  private final EngineConnection engine;
  private final EngineClient client;
  private final Timeout timeout;

  EventWait(EngineConnection engine, EngineClient client, Timeout timeout) {
    this.engine = engine;
    this.client = client;
    this.timeout = timeout;
  }

  /**
   * Waits for the runs of the event {@code sent} (the answer to its POST) and prints them; throws
   * the failure that sets the exit code unless every run ended SUCCESS.
   */
  void await(JsonNode sent, PrintWriter out) {
    String eventId = Cells.text(sent.get("id"));
    JsonNode event = recorded(eventId);
    List<JsonNode> runs = new ArrayList<>();
    for (JsonNode runId : event.path("runIds")) {
      runs.add(finalRun(runId.asText()));
    }
    print(sent, runs, out);
    if (runs.isEmpty()) {
      throw new EngineClient.Failure(
          EngineConnection.NOT_SUCCESS,
          "event "
              + eventId
              + " started no run: no registered job listens to "
              + Cells.text(event.get("name")));
    }
    for (JsonNode run : runs) {
      if (!RunFollow.isFinal(run)) {
        throw RunOutcome.timedOut(Cells.text(run.get("id")), run, timeout);
      }
    }
    for (JsonNode run : runs) {
      RunOutcome.check(run);
    }
  }

  private JsonNode recorded(String eventId) {
    String path = "/api/events/" + EngineClient.segment(eventId);
    while (true) {
      long waitMs = Math.min(LONG_POLL_MS, timeout.left().toMillis());
      Optional<JsonNode> event =
          client.find(path + EngineClient.query("timeoutMs", Long.toString(waitMs)));
      if (event.isPresent()) {
        return event.get();
      }
      if (timeout.passed()) {
        throw new EngineClient.Failure(
            EngineConnection.TIMED_OUT,
            "the engine has not read event "
                + eventId
                + " within --timeout "
                + timeout.said()
                + " (is it delayed with --deliver-after?)");
      }
      pause();
    }
  }

  /** The run once final, or as it is when the time is up. */
  private JsonNode finalRun(String runId) {
    String path = "/api/runs/" + EngineClient.segment(runId);
    JsonNode run = null;
    while (true) {
      long waitMs = Math.min(LONG_POLL_MS, timeout.left().toMillis());
      Optional<JsonNode> found =
          client.find(
              path + EngineClient.query("until", "final", "timeoutMs", Long.toString(waitMs)));
      if (found.isPresent()) {
        run = found.get();
        if (RunFollow.isFinal(run)) {
          return run;
        }
      }
      if (timeout.passed()) {
        return run != null ? run : notYetReadable(runId);
      }
      // not stored yet by its partition's owner (the event names it), or a long poll that ended
      // early (a proxy's time-out): do not ask again at once
      pause();
    }
  }

  /** A run the event started that no instance could show yet: its id, and no status. */
  private static JsonNode notYetReadable(String runId) {
    return EngineClient.JSON.createObjectNode().put("id", runId);
  }

  /**
   * The event's id and a line per run (status, then output or error); with {@code -o json}, the
   * POST's answer with {@code "runs"}: each run as GET /api/runs/{id} answers it.
   */
  private void print(JsonNode sent, List<JsonNode> runs, PrintWriter out) {
    if (engine.json()) {
      ObjectNode all = sent.deepCopy();
      ArrayNode array = all.putArray("runs");
      runs.forEach(array::add);
      Output.print(out, all);
      return;
    }
    out.println(Cells.text(sent.get("id")));
    if (runs.isEmpty()) {
      return;
    }
    Table table = new Table("RUN", "JOB", "STATUS", "DURATION", "OUTPUT OR ERROR");
    for (JsonNode run : runs) {
      JsonNode error = run.path("error");
      table.row(
          Cells.text(run.get("id")),
          Cells.text(run.get("jobId")),
          Cells.text(run.get("status")),
          Cells.duration(run.get("startedAt"), run.get("finishedAt")),
          error.isObject()
              ? Cells.text(error.get("type")) + ": " + Cells.text(error.get("message"))
              : Cells.json(run.get("output")));
    }
    table.print(out);
    out.flush();
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineClient.Failure(EngineConnection.UNREACHABLE, "interrupted");
    }
  }
}
