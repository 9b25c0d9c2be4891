package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The query API on a real broker: two engine instances forward and merge, history, logs, replay,
 * paging.
 */
class QueryApiIT extends OnRealBroker {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Test
  void twoInstancesAnswerForEachOtherAndMergeTheirListings() {
    Job<Order> job =
        Job.define(
            "listed",
            "listed.run",
            Order.class,
            (order, io, ctx) -> io.runTask("echo", String.class, () -> order.item()));
    try (RunlogEngine a = cluster.engine("pair", "pair-a", 4);
        RunlogEngine b = cluster.engine("pair", "pair-b", 4);
        Worker worker = Worker.start(cluster.worker("pair", "w"), List.of(job));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "pair", Map.of())) {
      Api apiA = new Api(a.url());
      Api apiB = new Api(b.url());
      apiA.awaitJob("listed");
      Api.awaitSpread(a, 2);
      List<String> runIds = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        runIds.add(
            apiA.awaitRunOfEvent(client.send("listed.run", new Order("item-" + i)), "SUCCESS")
                .path("id")
                .asText());
      }
      Set<String> owners = new HashSet<>();
      for (String runId : runIds) {
        owners.add(a.ownerOf(runId));
        assertEquals(
            "SUCCESS",
            apiA.await("/api/runs/" + runId, r -> r.status() == 200).path("status").asText());
        assertEquals(
            "SUCCESS",
            apiB.await("/api/runs/" + runId, r -> r.status() == 200).path("status").asText());
      }
      assertEquals(2, owners.size(), "the runs are not spread over both instances: " + owners);

      for (Api api : List.of(apiA, apiB)) {
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
          JsonNode page =
              api.await(
                  "/api/jobs/listed/runs?limit=5" + (cursor == null ? "" : "&cursor=" + cursor),
                  r -> r.status() == 200);
          page.path("runs").forEach(r -> listed.add(r.path("id").asText()));
          cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        assertEquals(12, listed.size(), "listing " + listed);
        assertEquals(Set.copyOf(runIds), Set.copyOf(listed));
        List<String> newestFirst = new ArrayList<>(runIds);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, listed, "not newest first");
        JsonNode jobs = api.await("/api/jobs", r -> r.status() == 200);
        assertEquals(12, jobs.path("jobs").get(0).path("counts").path("SUCCESS").asInt());
      }
      assertEquals(
          12, apiB.get("/api/jobs/listed/runs?status=SUCCESS&limit=50").body().path("runs").size());
      assertEquals(0, apiB.get("/api/jobs/listed/runs?status=FAILURE").body().path("runs").size());

      // The header an earlier version marked forwarded requests with changes nothing when a client
      // sends it:
      // no 503 for the runs of the other instance, no listing of one instance's part only.
      Map<String, String> forged = Map.of("X-Runlog-Forwarded", "1");
      for (String runId : runIds) {
        for (Api api : List.of(apiA, apiB)) {
          Api.Answer answer = api.get("/api/runs/" + runId, forged);
          assertEquals(
              200, answer.status(), runId + " owned by " + a.ownerOf(runId) + ": " + answer);
        }
      }
      for (Api api : List.of(apiA, apiB)) {
        assertEquals(
            12, api.get("/api/jobs/listed/runs?limit=50", forged).body().path("runs").size());
        assertEquals(
            12,
            api.get("/api/jobs", forged)
                .body()
                .path("jobs")
                .get(0)
                .path("counts")
                .path("SUCCESS")
                .asInt());
      }
      acrossJobsAndEventsBothInstancesAnswer(apiA, apiB, runIds);
    }
  }

  /**
   * GET /api/runs and GET /api/events merge both instances' indexes, page by cursor and filter; GET
   * /api/changes on one instance reports an event read on either.
   */
  private static void acrossJobsAndEventsBothInstancesAnswer(
      Api apiA, Api apiB, List<String> runIds) {
    List<String> newestFirst = new ArrayList<>(runIds);
    java.util.Collections.reverse(newestFirst);
    for (Api api : List.of(apiA, apiB)) {
      List<String> listed = new ArrayList<>();
      String cursor = null;
      do {
        JsonNode page =
            api.await(
                "/api/runs?limit=5" + (cursor == null ? "" : "&cursor=" + cursor),
                r -> r.status() == 200);
        page.path("runs").forEach(r -> listed.add(r.path("id").asText()));
        cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
      } while (cursor != null);
      assertEquals(newestFirst, listed, "across jobs, newest first");
      JsonNode byField = api.get("/api/runs?payload.item=item-3").body();
      assertEquals(List.of(runIds.get(3)), ids(byField.path("runs")), byField.toString());
      JsonNode run3 = api.get("/api/runs/" + runIds.get(3)).body();
      String event3 = run3.path("eventId").asText();
      assertEquals(
          List.of(runIds.get(3)),
          ids(
              api.get("/api/runs?eventId=" + event3 + "&job=listed&status=SUCCESS")
                  .body()
                  .path("runs")));
      assertEquals(
          List.of(),
          ids(api.get("/api/runs?eventId=" + event3 + "&payload.item=item-4").body().path("runs")));
      String created = run3.path("createdAt").asText();
      JsonNode since = api.get("/api/runs?limit=50&from=" + created).body();
      assertEquals(newestFirst.subList(0, 9), ids(since.path("runs")), "created at or after run 3");
      JsonNode before = api.get("/api/runs?limit=50&to=" + created).body();
      assertEquals(newestFirst.subList(9, 12), ids(before.path("runs")), "created before run 3");
      assertEquals(0, api.get("/api/runs?status=FAILURE").body().path("runs").size());
    }

    assertEquals(
        202,
        apiA.post("/api/events", "{\"name\": \"nobody.listens\", \"id\": \"lonely-1\"}").status());
    String dup = "{\"name\": \"listed.run\", \"id\": \"dup-1\", \"payload\": {\"item\": \"dup\"}}";
    assertEquals(202, apiA.post("/api/events", dup).status());
    apiA.awaitRunOfEvent("dup-1", "SUCCESS");
    assertTrue(apiB.post("/api/events", dup).body().path("duplicate").asBoolean());
    for (Api api : List.of(apiA, apiB)) {
      JsonNode unmatched =
          api.await(
              "/api/events?matched=false",
              r -> r.status() == 200 && r.body().path("events").size() == 1);
      assertEquals("lonely-1", unmatched.path("events").get(0).path("id").asText());
      assertTrue(unmatched.path("events").get(0).path("matchedJobs").isEmpty());
      JsonNode events =
          api.await(
              "/api/events?limit=50",
              r ->
                  r.status() == 200
                      && r.body().path("events").get(0).path("duplicate").asBoolean());
      assertEquals(14, events.path("events").size(), events.toString());
      JsonNode dupListed = events.path("events").get(0);
      assertEquals("dup-1", dupListed.path("id").asText(), "newest first by first receipt");
      assertEquals(2, dupListed.path("deliveries").asInt());
      assertEquals(1, dupListed.path("runIds").size());
      assertEquals(
          12 + 1,
          api.get("/api/events?name=listed.run&matched=true&limit=50")
              .body()
              .path("events")
              .size());
    }

    assertEquals(406, apiB.get("/api/changes").status(), "a stream only to who accepts one");
    HttpRequest listen =
        HttpRequest.newBuilder(URI.create(apiB.baseUrl() + "/api/changes"))
            .header("Accept", "text/event-stream")
            .build();
    CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream =
        HttpClient.newHttpClient().sendAsync(listen, HttpResponse.BodyHandlers.ofLines());
    try {
      HttpResponse<java.util.stream.Stream<String>> response = stream.get(60, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      CompletableFuture<String> told =
          CompletableFuture.supplyAsync(
              () ->
                  response
                      .body()
                      .filter(line -> line.equals("event: events"))
                      .findFirst()
                      .orElse(null));
      // sent until the stream tells: the first may come before the page listens
      for (int i = 0; !told.isDone() && i < 600; i++) {
        apiA.post("/api/events", "{\"name\": \"nobody.listens\", \"id\": \"live-" + i + "\"}");
        try {
          told.get(100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // not yet
        }
      }
      assertEquals("event: events", told.get(1, TimeUnit.SECONDS));
      response.body().close();
    } catch (Exception e) {
      throw new AssertionError("the changes stream", e);
    } finally {
      stream.cancel(true);
    }
  }

  private static List<String> ids(JsonNode runs) {
    List<String> ids = new ArrayList<>();
    runs.forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  @Test
  void idsThatNeedEncodingAreNotFoundOnEitherInstance() {
    List<String> ids = List.of("a b", "x\"y", "x#y", "x?y=1&z", "ünïcødé 東京", "a/b", "100%", "x+y");
    try (RunlogEngine a = cluster.engine("odd", "odd-a", 4);
        RunlogEngine b = cluster.engine("odd", "odd-b", 4)) {
      Api.awaitSpread(a, 2);
      Set<String> owners = new HashSet<>();
      for (String id : ids) {
        String path = "/api/runs/" + Api.segment(id);
        for (RunlogEngine engine : List.of(a, b)) {
          Api api = new Api(engine.url());
          for (String suffix : List.of("", "/events", "/logs", "?until=final&timeoutMs=0")) {
            Api.Answer answer =
                Api.awaitAnswer(
                    () -> api.get(path + suffix), r -> r.status() != 503, "GET " + path + suffix);
            assertEquals(
                404,
                answer.status(),
                "GET " + path + suffix + " on " + engine.url() + ": " + answer);
            assertEquals("no run with id " + id, answer.body().path("error").asText());
          }
          for (String action : List.of("/cancel", "/replay")) {
            Api.Answer answer =
                Api.awaitAnswer(
                    () -> api.post(path + action, "{}"),
                    r -> r.status() != 503,
                    "POST " + path + action);
            assertEquals(
                404,
                answer.status(),
                "POST " + path + action + " on " + engine.url() + ": " + answer);
            assertEquals("no run with id " + id, answer.body().path("error").asText());
          }
        }
        owners.add(a.ownerOf(id));
      }
      assertEquals(
          2, owners.size(), "every id is on one instance: nothing was forwarded " + owners);
    }
  }

  @Test
  void readinessFollowsTheStreamsAndTheChecksAddedToIt() {
    try (RunlogEngine engine = cluster.engine("ready")) {
      Api api = new Api(engine.url());
      assertEquals(
          Optional.empty(), engine.notReadyReason(), "start() returns once the streams run");
      assertEquals("ready", api.get("/health/ready").body().path("status").asText());
      assertEquals("live", api.get("/health/live").body().path("status").asText());
      assertEquals(200, api.get("/api/jobs").status());

      AtomicReference<String> devJob =
          new AtomicReference<>("the dev example job is not registered yet");
      engine.addReadinessCheck(() -> Optional.ofNullable(devJob.get()));
      Api.Answer refused = api.get("/api/jobs");
      assertEquals(503, refused.status());
      assertEquals(
          "the engine is not ready: the dev example job is not registered yet",
          refused.body().path("error").asText());
      Api.Answer notReady = api.get("/health/ready");
      assertEquals(503, notReady.status());
      assertEquals(
          "the dev example job is not registered yet", notReady.body().path("reason").asText());
      assertEquals(200, api.get("/health/live").status());

      devJob.set(null);
      assertEquals(200, api.get("/api/jobs").status());
      assertEquals("ready", api.get("/health/ready").body().path("status").asText());
    }
  }

  @Test
  void historyLogsAndReplay() {
    Job<Order> job =
        Job.define(
            "logged",
            "logged.run",
            Order.class,
            (order, io, ctx) -> {
              io.logger().info("starting", Map.of("item", order.item()));
              io.runTask("prepare", String.class, () -> "prepared " + order.item());
              io.sleep("pause", Duration.ofMillis(200));
              io.logger().warn("resumed");
              return io.runTask("finish", String.class, () -> "finished " + order.item());
            });
    try (RunlogEngine engine = cluster.engine("history");
        Worker worker = Worker.start(cluster.worker("history", "w"), List.of(job));
        RunlogClient client =
            RunlogClient.connect(cluster.bootstrapServers(), "history", Map.of())) {
      Api api = new Api(engine.url());
      api.awaitJob("logged");
      String runId =
          api.awaitRunOfEvent(client.send("logged.run", new Order("lamp")), "SUCCESS")
              .path("id")
              .asText();

      JsonNode logs = api.get("/api/runs/" + runId + "/logs").body().path("logs");
      assertEquals(
          List.of("INFO starting", "WARN resumed"),
          List.of(
              logs.get(0).path("level").asText() + " " + logs.get(0).path("message").asText(),
              logs.get(1).path("level").asText() + " " + logs.get(1).path("message").asText()));
      assertEquals(2, logs.size(), "a replay wrote a line twice: " + logs);
      assertEquals("lamp", logs.get(0).path("fields").path("item").asText());

      List<String> types = new ArrayList<>();
      api.get("/api/runs/" + runId + "/events")
          .body()
          .path("events")
          .forEach(e -> types.add(e.path("type").asText()));
      assertEquals("RunCreated", types.get(0));
      assertEquals("RunSucceeded", types.get(types.size() - 1));
      assertTrue(
          types.containsAll(
              List.of("RunStarted", "TaskCompleted", "WaitRequested", "WaitElapsed", "LogWritten")),
          types.toString());

      Api.Answer replay = api.post("/api/runs/" + runId + "/replay", "");
      assertEquals(202, replay.status());
      String newRunId = replay.body().path("runId").asText();
      assertNotEquals(runId, newRunId);
      JsonNode replayed =
          api.await(
              "/api/runs/" + newRunId, r -> "SUCCESS".equals(r.body().path("status").asText()));
      assertEquals(runId, replayed.path("replayOf").asText());
      assertEquals("lamp", replayed.path("payload").path("item").asText());
      JsonNode original =
          api.await("/api/runs/" + runId, r -> r.body().path("replays").size() == 1);
      assertEquals(newRunId, original.path("replays").get(0).asText());
      assertEquals(404, api.post("/api/runs/run_nope/replay", "").status());
      assertEquals(404, api.get("/api/runs/run_nope/events").status());
      assertEquals(404, api.get("/api/runs/run_nope/logs").status());
    }
  }

  @Test
  void aQueryWaitsForTheStatusItAsksFor() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Job<Order> job =
        Job.define(
            "gated",
            "gated.run",
            Order.class,
            (order, io, ctx) ->
                io.runTask(
                    "gate",
                    String.class,
                    () -> {
                      gate.await();
                      return order.item();
                    }));
    HttpClient http = HttpClient.newHttpClient();
    try (RunlogEngine a = cluster.engine("wait", "wait-a", 4);
        RunlogEngine b = cluster.engine("wait", "wait-b", 4);
        Worker worker = Worker.start(cluster.worker("wait", "w"), List.of(job));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "wait", Map.of())) {
      Api apiA = new Api(a.url());
      apiA.awaitJob("gated");
      String runId =
          apiA.awaitRunOfEvent(client.send("gated.run", new Order("x")), "EXECUTING")
              .path("id")
              .asText();
      String path = "/api/runs/" + runId;

      HttpResponse<String> now =
          http.send(
              get(a.url() + path + "?until=final&timeoutMs=0"),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, now.statusCode());
      assertEquals("timed-out", now.headers().firstValue("Runlog-Wait").orElse(""));
      assertEquals("EXECUTING", JSON.readTree(now.body()).path("status").asText());

      // One instance owns the run and is told when it changes; the other forwards and looks again.
      // The same for a stream of the run (Server-Sent Events), opened on both.
      List<CompletableFuture<HttpResponse<String>>> waits = new ArrayList<>();
      List<Iterator<String>> streams = new ArrayList<>();
      for (RunlogEngine engine : List.of(a, b)) {
        waits.add(
            http.sendAsync(
                get(engine.url() + path + "?until=SUCCESS&timeoutMs=60000"),
                HttpResponse.BodyHandlers.ofString()));
        HttpResponse<Stream<String>> stream =
            http.send(
                HttpRequest.newBuilder(URI.create(engine.url() + path + "/stream"))
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        streams.add(stream.body().iterator());
      }
      for (Iterator<String> stream : streams) {
        assertEquals("EXECUTING", streamed(stream).path("status").asText());
      }
      gate.countDown();
      for (CompletableFuture<HttpResponse<String>> wait : waits) {
        HttpResponse<String> answer = wait.get(Api.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals("reached", answer.headers().firstValue("Runlog-Wait").orElse(""));
        assertEquals("SUCCESS", JSON.readTree(answer.body()).path("status").asText());
      }
      for (Iterator<String> stream : streams) {
        JsonNode last = streamed(stream);
        while (!last.path("status").asText().equals("SUCCESS")) {
          last = streamed(stream);
        }
        assertEquals("x", last.path("output").asText());
        assertTrue(!stream.hasNext(), "the stream goes on after the run is final");
      }
      assertEquals(404, apiA.get("/api/runs/run_nope/stream").status());

      // Asked before its event is sent, a run is waited for until it exists and has the status,
      // on either instance; so is the event itself (with timeoutMs). One request each, no 404s.
      String eventId = "asked-first";
      String nextRun = RunIds.of(eventId, "gated");
      List<CompletableFuture<HttpResponse<String>>> early = new ArrayList<>();
      for (RunlogEngine engine : List.of(a, b)) {
        early.add(
            http.sendAsync(
                get(engine.url() + "/api/runs/" + nextRun + "?until=SUCCESS&timeoutMs=60000"),
                HttpResponse.BodyHandlers.ofString()));
        early.add(
            http.sendAsync(
                get(engine.url() + "/api/events/" + eventId + "?timeoutMs=60000"),
                HttpResponse.BodyHandlers.ofString()));
      }
      // and a stream of the run, opened on the instance that does not own it
      HttpResponse<Stream<String>> earlyStream =
          http.send(
              HttpRequest.newBuilder(URI.create(b.url() + "/api/runs/" + nextRun + "/stream"))
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, earlyStream.statusCode());
      assertEquals(
          202,
          apiA.post(
                  "/api/events",
                  "{\"name\": \"gated.run\", \"id\": \""
                      + eventId
                      + "\", \"payload\": {\"item\": \"y\"}}")
              .status());
      for (int i = 0; i < early.size(); i++) {
        HttpResponse<String> answer = early.get(i).get(Api.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        if (i % 2 == 0) {
          assertEquals("SUCCESS", body.path("status").asText());
          assertEquals("y", body.path("output").asText());
        } else {
          assertEquals(nextRun, body.path("runIds").path(0).asText());
        }
      }
      Iterator<String> streamedEarly = earlyStream.body().iterator();
      JsonNode streamedLast = streamed(streamedEarly);
      while (!streamedLast.path("status").asText().equals("SUCCESS")) {
        streamedLast = streamed(streamedEarly);
      }
      assertEquals("y", streamedLast.path("output").asText());
      // A run or event that never comes: 404 when the time is up; at once without a wait, or for
      // an id that no run can have.
      String never = RunIds.of("never-sent", "gated");
      Api apiB = new Api(b.url());
      assertEquals(404, apiA.get("/api/runs/" + never + "?until=final&timeoutMs=300").status());
      assertEquals(404, apiB.get("/api/runs/" + never + "?until=final&timeoutMs=300").status());
      assertEquals(404, apiA.get("/api/runs/" + never).status());
      assertEquals(404, apiA.get("/api/events/never-sent?timeoutMs=300").status());
      assertEquals(404, apiA.get("/api/events/never-sent").status());
      assertEquals(400, apiA.get("/api/events/never-sent?timeoutMs=soon").status());

      assertEquals(400, apiA.get(path + "?until=SOON").status());
      assertEquals(400, apiA.get(path + "?until=final&timeoutMs=-1").status());
      assertEquals(400, apiA.get(path + "?until=final&timeoutMs=600000").status());
      assertEquals(404, apiA.get("/api/runs/run_nope?until=final").status());
    } finally {
      gate.countDown();
    }
  }

  /** The data of the next {@code run} event of a Server-Sent Events stream. */
  private static JsonNode streamed(Iterator<String> lines) throws IOException {
    String event = null;
    StringBuilder data = new StringBuilder();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if ("run".equals(event)) {
          return JSON.readTree(data.toString());
        }
        event = null;
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        event = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring("data:".length()).strip());
      }
    }
    throw new AssertionError("the stream ended before the next run event");
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).GET().build();
  }

  @Test
  void badListingRequestsAreRefusedWithAReason() {
    Job<Order> job = Job.define("strict", "strict.run", Order.class, (order, io, ctx) -> "ok");
    try (RunlogEngine engine = cluster.engine("params");
        Worker worker = Worker.start(cluster.worker("params", "w"), List.of(job))) {
      Api api = new Api(engine.url());
      api.awaitJob("strict");
      assertEquals(404, api.get("/api/jobs/nope/runs").status());
      Api.Answer badStatus = api.get("/api/jobs/strict/runs?status=BOGUS");
      assertEquals(400, badStatus.status());
      assertTrue(badStatus.body().path("error").asText().contains("BOGUS"));
      assertEquals(400, api.get("/api/jobs/strict/runs?limit=0").status());
      assertEquals(400, api.get("/api/jobs/strict/runs?limit=many").status());
      assertEquals(400, api.get("/api/jobs/strict/runs?cursor=garbage").status());
      for (String bad :
          List.of(
              "status=BOGUS",
              "from=yesterday",
              "to=2026-13-01T00:00:00Z",
              "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
              "limit=0",
              "limit=501",
              "cursor=garbage",
              "payload.=x",
              "payload.a=1&payload.b=2")) {
        Api.Answer answer = api.get("/api/runs?" + bad);
        assertEquals(400, answer.status(), bad + ": " + answer);
        assertTrue(answer.body().path("error").isTextual(), bad + ": " + answer);
      }
      for (String bad : List.of("matched=maybe", "from=noon", "limit=-1")) {
        Api.Answer answer = api.get("/api/events?" + bad);
        assertEquals(400, answer.status(), bad + ": " + answer);
      }
      JsonNode doc = api.get("/api/openapi.json").body();
      assertEquals("3.0.3", doc.path("openapi").asText());

      api.post(
          "/api/events",
          "{\"name\": \"strict.run\", \"id\": \"m-1\", \"payload\": {\"item\": \"x\"}}");
      api.awaitRunOfEvent("m-1", "SUCCESS");
      String metrics = api.text("/metrics");
      for (String metric :
          List.of(
              "runlog_runs_new_total",
              "runlog_runs_finished_total{status=\"SUCCESS\"}",
              "runlog_task_duration_seconds",
              "runlog_runs_executing",
              "runlog_runs_queued",
              "runlog_events_fenced_total",
              "runlog_dead_letters_total",
              "runlog_consumer_lag")) {
        assertTrue(metrics.contains(metric), metric + " missing from /metrics:\n" + metrics);
      }
    }
  }

  @Test
  void sourcesAreDefinedPausedAndDeletedAtRuntime() {
    String orders = "{\"kind\": \"kafka\", \"spec\": {\"topics\": [\"orders\"]}}";
    try (RunlogEngine a = cluster.engine("sources", "sources-a", 2)) {
      Api api = new Api(a.url());
      assertEquals(201, api.put("/api/sources/orders", orders).status());
      // answered once this instance has read it back: the next read here sees it
      JsonNode got = api.get("/api/sources/orders").body();
      assertEquals("kafka", got.path("kind").asText());
      assertEquals("orders", got.path("spec").path("topics").path(0).asText());
      assertEquals(
          200, api.put("/api/sources/orders", orders).status(), "a change, not a creation");
      assertTrue(api.post("/api/sources/orders/pause", "").body().path("paused").asBoolean());
      assertEquals("PAUSED", api.get("/api/sources/orders").body().path("state").asText());

      Api.Answer badKind = api.put("/api/sources/x", "{\"kind\": \"ftp\", \"spec\": {}}");
      assertEquals(400, badKind.status());
      assertTrue(badKind.body().path("error").asText().contains("ftp"), badKind.body().toString());
      assertEquals(400, api.put("/api/sources/x", "{\"kind\": \"kafka\"}").status(), "no spec");
      assertEquals(400, api.put("/api/sources/x", "[1]").status());
      assertEquals(400, api.put("/api/sources/x", "not json").status());
      assertEquals(400, api.put("/api/sources/" + "a".repeat(201), orders).status());
      assertEquals(404, api.get("/api/sources/x").status());
      assertEquals(404, api.delete("/api/sources/x").status());
      assertEquals(404, api.post("/api/sources/x/resume", "").status());

      assertEquals(200, api.delete("/api/sources/orders").status());
      assertEquals(0, api.get("/api/sources").body().path("sources").size());
    }
  }
}
