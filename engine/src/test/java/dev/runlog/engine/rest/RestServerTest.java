package dev.runlog.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.protocol.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's answers to bad requests, readiness and the health probes, on a real Javalin server
 * with no Kafka behind it: every request here is refused (or answered) before anything reaches
 * Kafka or the stores. The event sender points at a closed port and is never asked to send.
 */
class RestServerTest {
  private final AtomicReference<String> notReady = new AtomicReference<>(); // null: ready
  private final AtomicReference<String> dead = new AtomicReference<>(); // null: live
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private EventSender events;
  private RestServer server;

  @BeforeEach
  void start() {
    events = new EventSender("127.0.0.1:9", new Topics("rest-test"), Map.of("max.block.ms", 100));
    server =
        RestServer.start(
            RestSettings.loopback(),
            0,
            events,
            () -> "",
            Clock.systemUTC(),
            new RunWatch(),
            new Readiness() {
              @Override
              public Optional<String> notReadyReason() {
                return Optional.ofNullable(notReady.get());
              }

              @Override
              public Optional<String> deadReason() {
                return Optional.ofNullable(dead.get());
              }
            },
            new dev.runlog.engine.source.SourceStatuses(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Clock.systemUTC()));
  }

  @AfterEach
  void stop() {
    server.close();
    events.close();
  }

  /** An answer: status, headers (lower-case names) and body. */
  record Answer(int status, Map<String, String> headers, String body) {
    /** Sends {@code request}; {@code what} names it in a failure. */
    static Answer of(HttpClient http, HttpRequest request, String what) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new TreeMap<>();
        response
            .headers()
            .map()
            .forEach(
                (name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return new Answer(response.statusCode(), headers, response.body());
      } catch (IOException e) {
        throw new AssertionError(what + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    JsonNode json() {
      try {
        return JsonSerde.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The refusal: this status, a JSON content type and {"error": "..."}; returns the message. */
    String error(int expected) {
      assertEquals(expected, status, "status of " + this);
      assertTrue(
          headers.getOrDefault("content-type", "").startsWith("application/json"),
          "not JSON: " + this);
      JsonNode error = json().path("error");
      assertTrue(error.isTextual() && !error.asText().isBlank(), "no error message: " + this);
      return error.asText();
    }
  }

  @Test
  void anUnknownPathAnswers404InTheErrorShape() {
    assertEquals(
        "no such endpoint: GET /api/nope", send("GET", "/api/nope", null, null).error(404));
    assertEquals(
        "no such endpoint: GET /nope.html", send("GET", "/nope.html", null, null).error(404));
    assertEquals(
        "no such endpoint: POST /api/nope",
        send("POST", "/api/nope", "application/json", "{}").error(404));
  }

  @Test
  void aKnownPathAskedWithAnotherMethodAnswers405WithAllow() {
    Answer post = send("POST", "/api/jobs", "application/json", "{}");
    assertTrue(post.error(405).contains("POST /api/jobs"), post.toString());
    assertEquals("GET", post.headers().get("allow"));
    Answer delete = send("DELETE", "/api/runs/run_1", null, null);
    delete.error(405);
    assertEquals("GET", delete.headers().get("allow"));
    Answer put = send("PUT", "/api/events", "application/json", "{}");
    put.error(405);
    assertEquals("GET, POST", put.headers().get("allow")); // list them, send one
  }

  @Test
  void aBodyOverTheLimitAnswers413() throws IOException {
    // declared too large: refused from the headers, after the first bytes of the body (Jetty waits
    // for some before it dispatches)
    String start = "{\"name\": \"big\", \"payload\": \"xxxx";
    Answer declared =
        raw(
            "POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + (Requests.MAX_BODY_BYTES + 1)
                + "\r\nConnection: close\r\n\r\n"
                + start);
    assertTrue(declared.error(413).contains("limit"), declared.toString());
    raw("POST /api/runs/run_1/cancel HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000"
            + "\r\nConnection: close\r\n\r\n"
            + start)
        .error(413);

    // chunked: no length to look at, refused while reading
    String chunk =
        "{\"name\": \"big\", \"payload\": \"" + "x".repeat(Requests.MAX_BODY_BYTES) + "\"}";
    Answer chunked =
        raw(
            "POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
                + "\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(chunk.length())
                + "\r\n"
                + chunk
                + "\r\n0\r\n\r\n");
    chunked.error(413);
  }

  @Test
  void aConnectionCannotBeStoredWithoutAConnectionsKey() {
    String why =
        send(
                "PUT",
                "/api/connections/slack",
                "application/json",
                "{\"type\":\"bearer\",\"token\":\"xoxb-not-logged\"}")
            .error(409);
    assertTrue(why.contains("connections.key"), why);
    assertTrue(!why.contains("xoxb-not-logged"), why);
    send("PUT", "/api/connections/crm/acme", "application/json", "{}").error(409);
  }

  @Test
  void malformedJsonAnswers400() {
    assertTrue(
        send("POST", "/api/events", "application/json", "{\"name\": ")
            .error(400)
            .startsWith("bad event: "));
    assertTrue(
        send("POST", "/api/events", "application/json", "[1, 2]")
            .error(400)
            .startsWith("bad event: "));
    assertTrue(
        send("POST", "/api/events", "application/json", "{\"payload\": {}}")
            .error(400)
            .contains("name"));
  }

  @Test
  void aPostMustDeclareJson() {
    notReady.set(
        "test says so"); // a request that passes the content-type check stops here, before Kafka
    for (String type :
        List.of(
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=b",
            "application/jsonx",
            "application/json; charset=iso-8859-1")) {
      String why = send("POST", "/api/events", type, "{\"name\": \"x\"}").error(415);
      assertTrue(why.contains("application/json"), why);
      send("POST", "/api/runs/run_1/cancel", type, "").error(415);
      send("POST", "/api/runs/run_1/replay", type, "").error(415);
    }
    send("POST", "/api/events", null, "{\"name\": \"x\"}").error(415);
    send("POST", "/api/runs/run_1/cancel", null, null).error(415);

    for (String type :
        List.of(
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON;charset=\"UTF-8\"")) {
      assertEquals(
          "the engine is not ready: test says so",
          send("POST", "/api/events", type, "{\"name\": \"x\"}").error(503));
      send("POST", "/api/runs/run_1/cancel", type, "{}").error(503);
      send("POST", "/api/runs/run_1/replay", type, "").error(503);
    }
  }

  @Test
  void aDeliveryTimeOutOfRangeAnswers400() {
    Map<String, String> bad =
        Map.of(
            "{\"name\": \"x\", \"deliverAfter\": \"PT9223372036854775807S\"}",
            "deliverAfter",
            "{\"name\": \"x\", \"deliverAfter\": " + Long.MAX_VALUE + "}",
            "deliverAfter",
            "{\"name\": \"x\", \"deliverAt\": \"+10000-01-01T00:00:00Z\"}",
            "delivery time",
            "{\"name\": \"x\", \"deliverAt\": " + Long.MAX_VALUE + "}",
            "delivery time",
            "{\"name\": \"x\", \"deliverAt\": \"-1000000000-01-01T00:00:00Z\"}",
            "delivery time",
            "{\"name\": \"x\", \"timestamp\": \"+10000-01-01T00:00:00Z\"}",
            "timestamp",
            "{\"name\": \"x\", \"timestamp\": \"9999-12-31T23:59:59Z\", \"deliverAfter\": \"PT1S\"}",
            "delivery time");
    bad.forEach(
        (event, field) -> {
          String why = send("POST", "/api/events", "application/json", event).error(400);
          // The decoder names the JSON field, the API's own check names the time it computed:
          // either says the range.
          assertTrue(
              why.startsWith("bad event: ")
                  && (why.contains(field) || why.contains("\"deliverAt\""))
                  && why.contains("9999"),
              why);
        });
  }

  @Test
  void whileNotReadyTheApiAnswers503WithTheReasonAndRetryAfter() {
    notReady.set("stream threads are starting (state REBALANCING)");
    for (String path :
        List.of("/api/jobs", "/api/runs/run_1", "/api/openapi.json", "/api/internal/runs/run_1")) {
      Answer answer = send("GET", path, null, null);
      assertEquals(
          "the engine is not ready: stream threads are starting (state REBALANCING)",
          answer.error(503));
      assertEquals("1", answer.headers().get("retry-after"));
    }
    Answer ready = send("GET", "/health/ready", null, null);
    assertEquals(503, ready.status());
    assertEquals("1", ready.headers().get("retry-after"));
    assertEquals("not ready", ready.json().path("status").asText());
    assertEquals(
        "stream threads are starting (state REBALANCING)", ready.json().path("reason").asText());
    assertEquals(200, send("GET", "/health/live", null, null).status());
    Answer dashboard = send("GET", "/", null, null);
    assertEquals(200, dashboard.status());
    assertTrue(
        dashboard.headers().get("content-type").startsWith("text/html"),
        dashboard.headers().toString());

    notReady.set(null);
    Answer nowReady = send("GET", "/health/ready", null, null);
    assertEquals(200, nowReady.status());
    assertEquals("{\"status\":\"ready\"}", nowReady.body());
    assertEquals(200, send("GET", "/api/openapi.json", null, null).status());
  }

  @Test
  void liveAnswersWhileTheProcessServes() {
    Answer live = send("GET", "/health/live", null, null);
    assertEquals(200, live.status());
    assertEquals("{\"status\":\"live\"}", live.body());
  }

  @Test
  void liveAnswers503OnceTheEngineCannotGetReadyAgain() {
    dead.set("Kafka Streams failed: IllegalStateException: boom");
    Answer live = send("GET", "/health/live", null, null);
    assertEquals(503, live.status());
    assertEquals("dead", live.json().path("status").asText());
    assertEquals(
        "Kafka Streams failed: IllegalStateException: boom", live.json().path("reason").asText());
  }

  @Test
  void requestsJettyRefusesAreJsonToo() throws IOException {
    // a request Jetty cannot parse
    Answer garbled =
        raw("GET /api/jobs HTTP/1.1\r\nHost: x\r\nno colon here\r\nConnection: close\r\n\r\n");
    garbled.error(400);
    // a URI Jetty will not decode (a NUL), and one over its limit
    raw("GET /api/runs/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").error(400);
    raw("GET /api/runs/" + "r".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .error(414);
    // a header block over Jetty's limit
    Answer tooLong =
        raw(
            "GET /api/jobs HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "y".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
    assertEquals(431, tooLong.status());
    tooLong.error(431);
  }

  private Answer send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return Answer.of(http, request.build(), method + " " + path);
  }

  /**
   * Sends {@code request} as it is on a new connection and reads one answer (by its Content-Length
   * or chunks: the server may keep the connection open, waiting for a body it refused without
   * reading).
   */
  private Answer raw(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before it has read all of a body it refuses: read what it
        // said
      }
      InputStream in = socket.getInputStream();
      String head = line(in);
      Map<String, String> headers = new TreeMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        for (int size = Integer.parseInt(line(in), 16);
            size > 0;
            size = Integer.parseInt(line(in), 16)) {
          body.write(in.readNBytes(size));
          line(in);
        }
      } else if (headers.containsKey("content-length")) {
        body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
      } else {
        in.transferTo(body);
      }
      return new Answer(
          Integer.parseInt(head.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new AssertionError("the answer ended early: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
