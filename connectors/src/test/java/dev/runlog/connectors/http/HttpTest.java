package dev.runlog.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.testkit.http.RecordingHttpServer;
import dev.runlog.testkit.http.RecordingHttpServer.Recorded;
import dev.runlog.testkit.http.RecordingHttpServer.Reply;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final String TOKEN = "s3cr3t-t0ken";
  private final RecordingHttpServer server = RecordingHttpServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private static Http http(Credentials credentials) {
    return new Http(new DirectContext(credentials, Map.of()), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aGetCarriesTheConnectionsBearerTokenAndGivesTheJsonBody() throws Exception {
    server.reply(Reply.json(200, "{\"id\": 42, \"plan\": \"pro\"}").withHeader("X-Trace", "t-1"));
    DirectContext ctx = new DirectContext(Credentials.bearer(TOKEN), Map.of());
    Response r = new Http(ctx, Clock.systemUTC()).get("account", server.url() + "/accounts/42");

    assertEquals(List.of("account GET"), ctx.tasks, "a task, labelled with its method");
    Recorded got = server.requests().get(0);
    assertEquals("GET", got.method());
    assertEquals("/accounts/42", got.path());
    assertEquals("Bearer " + TOKEN, got.header("authorization"));
    assertEquals(200, r.status());
    assertEquals(42, r.json().path("id").asInt());
    assertNull(r.text());
    assertEquals("t-1", r.header("x-TRACE"), "header names in any case");
    assertEquals(new Account(42, "pro"), r.read(Account.class));
  }

  record Account(int id, String plan) {}

  /** The response is a task's output: what a replay reads back is what the first run got. */
  @Test
  void theResponseRoundTripsThroughJsonAsAReplayReadsIt() throws Exception {
    ObjectMapper sdkLike =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    server.reply(Reply.json(201, "{\"a\": [1, {\"b\": null}]}"));
    server.reply(Reply.text(200, "plain"));
    for (int i = 0; i < 2; i++) {
      Response first = http(null).get("r" + i, server.url() + "/x");
      Response replayed = sdkLike.readValue(sdkLike.writeValueAsString(first), Response.class);
      assertEquals(first, replayed);
    }
  }

  @Test
  void aPostSendsJsonWithBasicCredentialsAndAnApiKeyGoesInItsHeader() throws Exception {
    server.reply(Reply.text(200, "thanks"));
    Response r =
        http(Credentials.basic("ada", "pa55"))
            .post("pay", server.url() + "/payments", Map.of("amount", 12, "at", NOW));
    Recorded got = server.requests().get(0);
    assertEquals("POST", got.method());
    assertEquals("Basic YWRhOnBhNTU=", got.header("Authorization"));
    assertTrue(got.header("Content-Type").startsWith("application/json"));
    assertEquals(
        new ObjectMapper().readTree("{\"amount\":12,\"at\":\"2026-11-29T12:00:00Z\"}"),
        new ObjectMapper().readTree(got.body()));
    assertEquals("thanks", r.text());
    assertNull(r.json());

    http(Credentials.apiKey("X-Api-Key", TOKEN))
        .request("put", Request.put(server.url() + "/t").text("hi").header("X-Request-Id", "r1"));
    Recorded put = server.requests().get(1);
    assertEquals(TOKEN, put.header("X-Api-Key"));
    assertNull(put.header("Authorization"));
    assertEquals("r1", put.header("X-Request-Id"));
    assertEquals("hi", put.body());
    assertTrue(put.header("Content-Type").startsWith("text/plain"));
  }

  @Test
  void credentialsNeverComeFromCode() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Request.get("https://x.example").header("Authorization", "Bearer abc"));
    assertTrue(e.getMessage().contains("connection"), e.getMessage());
  }

  @Test
  void fiveHundredsAndTooManyRequestsAreRetriedNoSoonerThanRetryAfter() {
    server.reply(Reply.text(503, "busy").withHeader("Retry-After", "7"));
    server.reply(Reply.json(429, "{}").withHeader("Retry-After", "Sun, 29 Nov 2026 12:01:30 GMT"));
    server.reply(Reply.text(500, "oops"));

    IntegrationException busy = call();
    assertTrue(busy.retryable());
    assertEquals(Duration.ofSeconds(7), busy.retryAfter().orElseThrow());
    assertTrue(busy.getMessage().contains("503"), busy.getMessage());
    assertTrue(busy.getMessage().contains("busy"), busy.getMessage());

    IntegrationException limited = call();
    assertTrue(limited.retryable());
    assertEquals(Duration.ofSeconds(90), limited.retryAfter().orElseThrow(), "an HTTP date");

    IntegrationException oops = call();
    assertTrue(oops.retryable());
    assertTrue(oops.retryAfter().isEmpty());
  }

  @Test
  void anyOtherClientErrorFailsAtOnceWithTheStatusAndTheBodysStartWithoutTheSecret() {
    server.reply(Reply.text(401, "bad token: Bearer " + TOKEN + " " + "x".repeat(500)));
    IntegrationException e = call();
    assertFalse(e.retryable());
    assertTrue(
        e.getMessage().startsWith("GET " + server.url() + "/thing: 401: bad token"),
        e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    assertTrue(e.getMessage().length() < 400, "an excerpt: " + e.getMessage().length());
    assertFalse(e.getMessage().contains("?q="), "no query string: " + e.getMessage());
  }

  @Test
  void aHostThatRefusesIsARetryableFailureSayingSo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } // closed: nothing listens there now
    String url = "http://127.0.0.1:" + port + "/x";
    IntegrationException e =
        assertThrows(IntegrationException.class, () -> http(null).get("refused", url));
    assertTrue(e.retryable());
    assertTrue(
        e.getMessage().contains("cannot connect to 127.0.0.1:" + port + " (connection refused)"),
        e.getMessage());
  }

  @Test
  void aResponseTooLongForATaskOutputFailsAtOnce() {
    server.reply(Reply.text(200, "x".repeat(HttpCall.MAX_BODY_BYTES + 1)));
    IntegrationException e = call();
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("longer than 512 KiB"), e.getMessage());
  }

  @Test
  void retryAfterReadsSecondsOrAnHttpDate() {
    assertEquals(Duration.ofSeconds(120), HttpCall.retryAfter(" 120 ", NOW).orElseThrow());
    assertEquals(
        Duration.ofSeconds(30),
        HttpCall.retryAfter("Sun, 29 Nov 2026 12:00:30 GMT", NOW).orElseThrow());
    assertEquals(
        Duration.ZERO, HttpCall.retryAfter("Sun, 29 Nov 2026 11:00:00 GMT", NOW).orElseThrow());
    assertTrue(HttpCall.retryAfter("soon", NOW).isEmpty());
    assertTrue(HttpCall.retryAfter("-1", NOW).isEmpty());
    assertTrue(HttpCall.retryAfter("99999999999999999999999", NOW).isEmpty());
  }

  private IntegrationException call() {
    return assertThrows(
        IntegrationException.class,
        () -> http(Credentials.bearer(TOKEN)).get("thing", server.url() + "/thing?q=1"));
  }
}
