package dev.runlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code runlog run <id> --follow}: the run's stream of views (GET /api/runs/{id}/stream), printed
 * as the lines of what changed ({@link RunChanges}), or with {@code -o json} as one view per line,
 * until the run is final. A stream that breaks before (the engine restarted) is opened again: the
 * first view it sends is compared with the last one seen, so nothing is printed twice.
 */
final class RunFollow {
  /** A stream that ended before the run did is opened again after this. */
  private static final long RECONNECT_MS = 500;

  /** An engine that cannot be reached while a run is followed is asked again for this long. */
  private static final Duration RECONNECT_WINDOW = Duration.ofSeconds(30);

  private RunFollow() {}

  static void follow(
      EngineConnection engine,
      EngineClient client,
      PrintWriter out,
      String runId,
      Timeout timeout) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    AtomicLong failingSince = new AtomicLong(); // 0: the last try was answered
    String path = "/api/runs/" + EngineClient.segment(runId) + "/stream";
    while (!isFinal(last.get())) {
      if (last.get() != null) {
        pause();
      }
      if (timeout.passed()) {
        throw RunOutcome.timedOut(runId, last.get(), timeout);
      }
      try {
        client.stream(
            path,
            event -> {
              failingSince.set(0);
              return show(engine, out, event, last);
            },
            timeout);
      } catch (EngineClient.Failure e) {
        // an engine that restarts: try again for a while, once the run has been seen
        if (e.exitCode() != EngineConnection.UNREACHABLE || last.get() == null) {
          throw e;
        }
        failingSince.compareAndSet(0, System.nanoTime());
        if (System.nanoTime() - failingSince.get() > RECONNECT_WINDOW.toNanos()) {
          throw e;
        }
      }
    }
    RunOutcome.check(last.get());
  }

  /** Prints what {@code event} changed; false once the run is final. */
  private static boolean show(
      EngineConnection engine,
      PrintWriter out,
      ServerEvents.Event event,
      AtomicReference<JsonNode> last) {
    if (event.name().equals("error")) { // the run expired while followed
      throw new EngineClient.Failure(EngineConnection.REFUSED, message(event.data()));
    }
    if (!event.name().equals("run")) {
      return true;
    }
    JsonNode view = parse(event.data());
    if (view.equals(last.get())) { // the first view of a stream opened again
      return true;
    }
    if (engine.json()) {
      out.println(view.toString());
    } else {
      RunChanges.between(last.get(), view).forEach(out::println);
    }
    out.flush();
    last.set(view);
    return !isFinal(view);
  }

  private static void pause() {
    try {
      Thread.sleep(RECONNECT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineClient.Failure(EngineConnection.UNREACHABLE, "interrupted");
    }
  }

  static boolean isFinal(JsonNode run) {
    return run != null && RunOutcome.isFinal(run.path("status").asText());
  }

  private static JsonNode parse(String data) {
    try {
      return EngineClient.JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw new EngineClient.Failure(
          EngineConnection.UNREACHABLE,
          "the engine's stream sent something else than JSON: " + data);
    }
  }

  private static String message(String data) {
    try {
      return Cells.text(EngineClient.JSON.readTree(data).get("error"));
    } catch (JsonProcessingException e) {
      return data;
    }
  }
}
