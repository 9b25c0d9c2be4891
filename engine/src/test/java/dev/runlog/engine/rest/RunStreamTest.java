package dev.runlog.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.query.RunView;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.protocol.run.RunIds;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The run stream on a real Javalin server, with the run's view in a reference that the test
 * changes: events on every change, the end at a final status, and no watcher left behind.
 */
@Timeout(60) // a guard against a stream that never ends, not a measure
class RunStreamTest {
  private static final String RUN = RunIds.of("evt-1", "hello"); // run-shaped: may be waited for
  private final AtomicReference<RunView> run = new AtomicReference<>();
  private final RunWatch watch = new RunWatch();
  private final ExecutorService waiters = Executors.newFixedThreadPool(2);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Javalin app;

  @BeforeEach
  void start() {
    RunStream stream =
        new RunStream(
            id -> Optional.ofNullable(run.get()).filter(view -> view.id().equals(id)),
            id -> new ApiError(404, "no run with id " + id),
            watch,
            waiters,
            20,
            20);
    Route route = stream.route();
    app = Javalin.create(config -> config.showJavalinBanner = false);
    app.addHttpHandler(route.method(), route.path(), route.handler());
    app.exception(ApiError.class, (e, ctx) -> Json.error(ctx, e.status(), e.getMessage()));
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    waiters.shutdownNow();
  }

  @Test
  void followsEveryChangeAndEndsWithTheFinalView() throws Exception {
    run.set(view("EXECUTING", List.of()));
    try (Stream<String> lines = open(RUN).body()) {
      Iterator<String> events = lines.iterator();
      assertEquals("EXECUTING", next(events).path("status").asText());

      // a task's progress: no status change, so no announcement; seen at the next look
      run.set(view("EXECUTING", List.of(task("greet"))));
      JsonNode second = next(events);
      assertEquals("greet", second.path("tasks").get(0).path("key").asText());

      run.set(view("SUCCESS", List.of(task("greet"))));
      watch.changed(RUN);
      assertEquals("SUCCESS", next(events).path("status").asText());
      assertFalse(events.hasNext(), "the stream goes on after the final view");
    }
    awaitNoWatcher();
  }

  @Test
  void aFinishedRunIsOneEvent() throws Exception {
    run.set(view("FAILURE", List.of()));
    try (Stream<String> lines = open(RUN).body()) {
      Iterator<String> events = lines.iterator();
      assertEquals("FAILURE", next(events).path("status").asText());
      assertFalse(events.hasNext());
    }
    awaitNoWatcher();
  }

  @Test
  void aClientThatGoesAwayLeavesNoWatcher() throws Exception {
    run.set(view("WAITING", List.of()));
    try (Stream<String> lines = open(RUN).body()) {
      assertEquals("WAITING", next(lines.iterator()).path("status").asText());
    }
    awaitNoWatcher();
  }

  @Test
  void aServerThatStopsEndsItsStreams() throws Exception {
    run.set(view("WAITING", List.of()));
    try (Stream<String> lines = open(RUN).body()) {
      Iterator<String> events = lines.iterator();
      assertEquals("WAITING", next(events).path("status").asText());
      app.stop(); // an engine that closes with a dashboard or a CLI following: no hang
      while (events.hasNext()) {
        events.next(); // heartbeats, until the connection ends
      }
    } catch (java.io.UncheckedIOException e) {
      // the connection ended by a reset: ended all the same
    }
    awaitNoWatcher();
  }

  @Test
  void anUnknownRunOrAnotherMediaTypeIsRefusedInJson() throws Exception {
    HttpResponse<String> unknown =
        http.send(request("run_nope", "text/event-stream"), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, unknown.statusCode());
    assertEquals(
        "no run with id run_nope",
        JsonSerde.MAPPER.readTree(unknown.body()).path("error").asText());

    run.set(view("EXECUTING", List.of()));
    HttpResponse<String> json =
        http.send(request(RUN, "application/json"), HttpResponse.BodyHandlers.ofString());
    assertEquals(406, json.statusCode());
    assertTrue(
        JsonSerde.MAPPER.readTree(json.body()).path("error").asText().contains("text/event-stream"),
        json.body());
    awaitNoWatcher();
  }

  @Test
  void aRunNotMadeYetIsWaitedFor() throws Exception {
    // the event that makes it was accepted a moment ago: the stream opens before the run exists
    try (Stream<String> lines = open(RUN).body()) {
      Iterator<String> events = lines.iterator();
      run.set(view("EXECUTING", List.of()));
      watch.changed(RUN); // the owner's run processor, as it makes the run
      assertEquals("EXECUTING", next(events).path("status").asText());
      run.set(view("SUCCESS", List.of()));
      watch.changed(RUN);
      assertEquals("SUCCESS", next(events).path("status").asText());
      assertFalse(events.hasNext());
    }
    awaitNoWatcher();
  }

  @Test
  void aRunNotMadeWithinTheTimeoutEndsTheStreamWithAnError() throws Exception {
    try (Stream<String> lines = open(RUN, "/stream?timeoutMs=50").body()) {
      Iterator<String> events = lines.iterator();
      Event error = nextEvent(events);
      assertEquals("error", error.name());
      assertEquals("no run with id " + RUN, error.data().path("error").asText());
      assertFalse(events.hasNext());
    }
    awaitNoWatcher();
    HttpResponse<String> badTimeout =
        http.send(
            request(RUN, "text/event-stream", "/stream?timeoutMs=-1"),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, badTimeout.statusCode());
  }

  private HttpResponse<Stream<String>> open(String runId) throws Exception {
    return open(runId, "/stream");
  }

  private HttpResponse<Stream<String>> open(String runId, String path) throws Exception {
    HttpResponse<Stream<String>> response =
        http.send(request(runId, "text/event-stream", path), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    assertEquals(
        "text/event-stream",
        response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    return response;
  }

  private HttpRequest request(String runId, String accept) {
    return request(runId, accept, "/stream");
  }

  private HttpRequest request(String runId, String accept, String path) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + "/api/runs/" + runId + path))
        .header("Accept", accept)
        .GET()
        .build();
  }

  /** The data of the next {@code run} event, skipping comments (heartbeats). */
  private static JsonNode next(Iterator<String> lines) throws IOException {
    Event event = nextEvent(lines);
    assertEquals(RunStream.EVENT, event.name(), event.data().toString());
    return event.data();
  }

  private record Event(String name, JsonNode data) {}

  /** The next event, whatever its name, skipping comments (heartbeats). */
  private static Event nextEvent(Iterator<String> lines) throws IOException {
    String event = null;
    StringBuilder data = new StringBuilder();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (event != null) {
          return new Event(event, JsonSerde.MAPPER.readTree(data.toString()));
        }
        event = null;
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        event = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring("data:".length()).strip());
      }
    }
    throw new AssertionError("the stream ended before the next event");
  }

  private void awaitNoWatcher() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (watch.watched() != 0) {
      assertTrue(System.nanoTime() < deadline, "a watcher is left: " + watch.watched());
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static RunView.TaskView task(String key) {
    Instant now = Instant.parse("2026-11-29T12:00:00Z");
    return new RunView.TaskView(
        key, "COMPLETED", 1, JsonSerde.MAPPER.valueToTree("hi"), null, now, now, 0L, null);
  }

  private static RunView view(String status, List<RunView.TaskView> tasks) {
    Instant created = Instant.parse("2026-11-29T12:00:00Z");
    return new RunView(
        RUN,
        "hello",
        "1",
        status,
        "evt-1",
        "demo.hello",
        null,
        null,
        null,
        null,
        1,
        created,
        created,
        created,
        null,
        null,
        false,
        null,
        List.of(),
        tasks,
        List.of(),
        0,
        null,
        null,
        null,
        List.of(),
        List.of(),
        null); // deliverAt: not delayed
  }
}
