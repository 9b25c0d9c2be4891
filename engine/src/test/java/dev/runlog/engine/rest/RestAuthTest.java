package dev.runlog.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.rest.RestServerTest.Answer;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.protocol.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint the server has registered, walked with no key, a wrong key and a key of each role.
 * The list comes from Javalin's own router, not from a copy here: a route added later, however it
 * is added, is walked too and fails this test unless it asks for a key. The engine is never ready
 * here, so a request that passes authentication stops at the 503 before it reaches Kafka or the
 * stores.
 */
class RestAuthTest {
  static final String ADMIN = "admin-key-0123456789abcdef";
  static final String READ = "read-key-0123456789abcdef";
  static final String METRICS = "metrics-key-0123456789abcdef";

  /** The only routes that answer without a key: an orchestrator's probes. */
  private static final Set<String> OPEN = Set.of("GET /health/live", "GET /health/ready");

  /** Routes that take no key because the request is signed: webhooks, whose senders have none. */
  private static final Set<String> SIGNED = Set.of("POST /api/webhooks/{sourceId}");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : started) {
      c.close();
    }
  }

  private RestServer start(boolean metricsOpen) {
    EventSender events =
        new EventSender("127.0.0.1:9", new Topics("auth-test"), Map.of("max.block.ms", 100));
    started.add(events);
    ApiKeys keys = ApiKeys.parse("admin=" + ADMIN + ",read=" + READ + ",metrics=" + METRICS);
    RestSettings settings =
        new RestSettings("127.0.0.1", Optional.empty(), keys, metricsOpen, Optional.empty(), false);
    RestServer server =
        RestServer.start(
            settings,
            0,
            events,
            () -> "runlog_up 1\n",
            Clock.systemUTC(),
            new RunWatch(),
            () -> Optional.of("this test never gets ready"),
            new dev.runlog.engine.source.SourceStatuses(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Clock.systemUTC()));
    started.add(0, server);
    return server;
  }

  @Test
  void everyRouteButTheHealthProbesNeedsAKeyAndEveryChangeNeedsAnAdminKey() {
    RestServer server = start(false);
    List<String> endpoints = server.registeredEndpoints();
    // the walk covers what matters: the route list, the internal routes, /metrics
    for (Route route : server.routes()) {
      assertTrue(
          endpoints.contains(route.method().name() + " " + route.path()),
          route + " not registered");
    }
    assertTrue(endpoints.contains("GET /metrics"), endpoints.toString());
    assertTrue(
        endpoints.stream().anyMatch(e -> e.startsWith("GET /api/internal/")), endpoints.toString());
    assertTrue(endpoints.containsAll(OPEN), endpoints.toString());

    for (String endpoint : endpoints) {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]*}", "x");
      if (OPEN.contains(endpoint)) {
        int status = send(server, method, path, null).status();
        assertTrue(status == 200 || status == 503, endpoint + " answered " + status);
        continue;
      }
      if (SIGNED.contains(endpoint)) {
        // past the key check, stopped because the engine has no source catalog yet: the route
        // checks the signature itself, once it knows the source
        Answer answer = send(server, method, path, null);
        assertEquals("the engine is starting", answer.error(503));
        continue;
      }
      Answer none = send(server, method, path, null);
      assertTrue(none.error(401).contains("Authorization: Bearer"), endpoint + ": " + none);
      assertEquals(
          Authenticator.CHALLENGE, none.headers().get("www-authenticate"), endpoint + ": " + none);
      Answer wrong = send(server, method, path, "Bearer " + ADMIN + "x");
      assertEquals("the API key is not valid", wrong.error(401), endpoint);
      assertEquals(
          Authenticator.CHALLENGE + ", error=\"invalid_token\"",
          wrong.headers().get("www-authenticate"));
      send(server, method, path, "Basic " + ADMIN).error(401);
      send(server, method, path, "Bearer").error(401);

      if (method.equals("GET")) { // Javalin answers HEAD for every GET route
        assertEquals(401, send(server, "HEAD", path, null).status(), "HEAD " + path);
        assertEquals(
            401, send(server, "HEAD", path, "Bearer " + ADMIN + "x").status(), "HEAD " + path);
      }
      Answer admin = send(server, method, path, "Bearer " + ADMIN);
      assertTrue(
          admin.status() != 401 && admin.status() != 403,
          endpoint + " refused the admin key: " + admin);
      Answer read = send(server, method, path, "Bearer " + READ);
      if (method.equals("GET")) {
        assertTrue(
            read.status() != 401 && read.status() != 403,
            endpoint + " refused the read key: " + read);
      } else {
        assertTrue(
            read.error(403).contains("admin"), endpoint + " let a read key through: " + read);
      }
      Answer metrics = send(server, method, path, "Bearer " + METRICS);
      if (endpoint.equals("GET /metrics")) {
        assertEquals(200, metrics.status(), metrics.toString());
        assertEquals("runlog_up 1\n", metrics.body());
      } else {
        metrics.error(403);
      }
    }
  }

  @Test
  void aKeyIsCheckedBeforeTheBodyAndTheHeadersAreRefused() {
    RestServer server = start(false);
    // no Content-Type, a body too large: still 401, a caller without a key learns nothing about the
    // request
    send(server, "POST", "/api/events", null).error(401);
    assertEquals(
        "the engine is not ready: this test never gets ready",
        send(server, "POST", "/api/events", "bearer " + ADMIN)
            .error(503)); // the scheme is case-insensitive
    // not found and wrong method stay what they are: they tell nothing the OpenAPI document does
    // not
    assertEquals(404, send(server, "GET", "/api/nope", null).status());
    // HEAD on a GET route (Javalin answers 200 without calling the route): with a key only
    assertEquals(401, send(server, "HEAD", "/api/jobs", null).status());
    assertEquals(200, send(server, "HEAD", "/api/jobs", "Bearer " + READ).status());
    assertEquals(200, send(server, "HEAD", "/health/live", null).status());
  }

  @Test
  void theDashboardFilesAndTheProbesStayOpen() {
    RestServer server = start(false);
    for (String path : List.of("/", "/index.html", "/app.js", "/lib.js", "/style.css")) {
      assertEquals(200, send(server, "GET", path, null).status(), path);
    }
    assertEquals(200, send(server, "GET", "/health/live", null).status());
    assertEquals(
        "not ready", send(server, "GET", "/health/ready", null).json().path("status").asText());
  }

  @Test
  void metricsAuthNoneOpensMetricsOnly() {
    RestServer server = start(true);
    Answer metrics = send(server, "GET", "/metrics", null);
    assertEquals(200, metrics.status());
    assertEquals("runlog_up 1\n", metrics.body());
    send(server, "GET", "/api/jobs", null).error(401);
  }

  @Test
  void withoutKeysNothingAsksForOne() {
    EventSender events =
        new EventSender("127.0.0.1:9", new Topics("auth-test"), Map.of("max.block.ms", 100));
    started.add(events);
    RestServer server =
        RestServer.start(
            RestSettings.loopback(),
            0,
            events,
            () -> "",
            Clock.systemUTC(),
            new RunWatch(),
            () -> Optional.of("never ready"),
            new dev.runlog.engine.source.SourceStatuses(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Clock.systemUTC()));
    started.add(0, server);
    for (String endpoint : server.registeredEndpoints()) {
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      Answer answer =
          send(
              server,
              method,
              endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]*}", "x"),
              null);
      assertNotEquals(401, answer.status(), endpoint);
      assertNotEquals(403, answer.status(), endpoint);
    }
  }

  private Answer send(RestServer server, String method, String path, String authorization) {
    boolean body = Requests.carriesBody(method);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody());
    if (body) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return Answer.of(http, request.build(), method + " " + path);
  }
}
