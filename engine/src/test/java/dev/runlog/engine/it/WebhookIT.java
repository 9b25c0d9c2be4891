package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.rest.ApiKeys;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.engine.webhook.WebhookSecrets;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks on a real broker, through one engine with API keys (which a webhook does not need) and
 * one worker shared by every test: a GitHub star signed as GitHub signs it starts the README's star
 * job once however often it is delivered; a wrong signature, or a Stripe signature too old, is a
 * 401 and writes nothing.
 */
class WebhookIT extends OnRealBroker {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = ApiKeys.newKey();
  private static final String GITHUB_SECRET = "It's a Secret to Everybody";
  private static final String STRIPE_SECRET = "whsec_it_secret";
  private static final String STAR =
      "{\"action\":\"created\",\"starred_at\":\"2026-11-30T10:00:00Z\","
          + "\"repository\":{\"name\":\"runlog\",\"full_name\":\"ada/runlog\"},"
          + "\"sender\":{\"login\":\"ada\"}}";

  /** The README's star source: GitHub's star webhook to the seed's new.star. */
  static final String STARS =
      """
      {"kind": "webhook", "spec": {
        "signature": {"type": "github", "secret": {"setting": "github"}},
        "name": "new.star",
        "id": {"header": "X-GitHub-Delivery"},
        "filter": {"headers": {"X-GitHub-Event": "star"}, "body": {"/action": "created"}},
        "payload": {"login": "/sender/login", "repo": "/repository/name"},
        "contextHeaders": ["X-GitHub-Hook-ID"]}}
      """;

  /** The StarJob's payload. */
  public record Star(String login, String repo) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private RunlogEngine engine;
  private Worker worker;
  private Api admin;

  @BeforeAll
  void startEngineAndWorker() {
    engine =
        cluster.engine(
            "hooks",
            config ->
                config.withRest(
                    RestSettings.loopback()
                        .withKeys(ApiKeys.parse("admin=" + ADMIN), Optional.of(ADMIN))
                        .withWebhookSecrets(
                            new WebhookSecrets(
                                Map.of("github", GITHUB_SECRET, "stripe", STRIPE_SECRET),
                                name -> null))));
    Job<Star> stars =
        Job.on("new.star", Star.class)
            .call(
                (star, io) ->
                    io.runTask("thank", String.class, () -> star.login() + "@" + star.repo()));
    worker = Worker.start(cluster.worker("hooks", "w"), List.of(stars));
    admin = new Api(engine.url(), http, ADMIN);
    admin.awaitJob("new.star");
    assertEquals(201, admin.put("/api/sources/stars", STARS).status());
  }

  @AfterAll
  void stopEngineAndWorker() {
    worker.close();
    engine.close();
  }

  @Test
  void aSignedStarStartsOneRunHoweverOftenItIsDelivered() {
    Map<String, String> headers = github("star", "delivery-1", STAR);
    Hook first = post("stars", headers, STAR);
    assertEquals(202, first.status(), first.toString());
    assertEquals("stars:delivery-1", first.body().path("id").asText());
    Hook again = post("stars", headers, STAR); // GitHub's "Redeliver": the same delivery id
    assertEquals(202, again.status(), again.toString());

    JsonNode run = admin.awaitRunOfEvent(Api.segment("stars:delivery-1"), "SUCCESS");
    assertEquals("\"ada@runlog\"", run.path("output").toString());
    JsonNode runs =
        admin.get("/api/events/" + Api.segment("stars:delivery-1") + "/runs").body().path("runs");
    assertEquals(1, runs.size(), "one run for a delivery sent twice: " + runs);
    JsonNode context = admin.get("/api/runs/" + run.path("id").asText()).body().path("context");
    assertEquals(
        "42", context.path("headers").path("X-GitHub-Hook-ID").asText(), context.toString());

    // the form GitHub sends when a hook says application/x-www-form-urlencoded: signed as sent
    String form =
        "payload=" + URLEncoder.encode(STAR.replace("ada", "bob"), StandardCharsets.UTF_8);
    Map<String, String> formHeaders = new LinkedHashMap<>(github("star", "delivery-2", form));
    formHeaders.put("Content-Type", "application/x-www-form-urlencoded");
    assertEquals(202, post("stars", formHeaders, form).status());
    assertEquals(
        "\"bob@runlog\"",
        admin
            .awaitRunOfEvent(Api.segment("stars:delivery-2"), "SUCCESS")
            .path("output")
            .toString());

    // the ping GitHub sends when a hook is created: signed, left out by the filter, no event
    Hook ping = post("stars", github("ping", "delivery-3", "{\"zen\":\"hi\"}"), "{\"zen\":\"hi\"}");
    assertEquals(200, ping.status(), ping.toString());
    assertTrue(ping.body().path("ignored").asBoolean(), ping.toString());
  }

  /**
   * GitHub does not retry a delivery answered 503: while the rest of the engine is not ready (a
   * restore after a crash), a webhook is still taken, and runs once the engine is ready.
   */
  @Test
  void aWebhookIsTakenWhileTheEngineIsNotReady() {
    AtomicBoolean ready = new AtomicBoolean(false);
    engine.addReadinessCheck(
        () -> ready.get() ? Optional.empty() : Optional.of("a check of this test"));
    try {
      assertEquals(503, admin.get("/api/jobs").status());
      assertEquals(202, post("stars", github("star", "while-not-ready", STAR), STAR).status());
    } finally {
      ready.set(true);
    }
    admin.awaitRunOfEvent(Api.segment("stars:while-not-ready"), "SUCCESS");
  }

  @Test
  void aWronglySignedStarIs401AndStartsNoRun() {
    Map<String, String> forged = new LinkedHashMap<>(github("star", "forged-1", STAR));
    forged.put("X-Hub-Signature-256", "sha256=" + hmac("not the secret", STAR));
    Hook refused = post("stars", forged, STAR);
    assertEquals(401, refused.status(), refused.toString());
    assertTrue(
        refused.body().path("error").asText().contains("does not match"), refused.toString());
    forged.remove("X-Hub-Signature-256");
    assertEquals(401, post("stars", forged, STAR).status(), "no signature at all");
    // a signature over other bytes: the body was changed on the way
    Map<String, String> tampered = github("star", "forged-2", STAR);
    assertEquals(401, post("stars", tampered, STAR.replace("ada", "eve")).status());

    // a signed one sent after them runs; the refused ones never reached Kafka
    assertEquals(202, post("stars", github("star", "after-forged", STAR), STAR).status());
    admin.awaitRunOfEvent(Api.segment("stars:after-forged"), "SUCCESS");
    for (String id : List.of("stars:forged-1", "stars:forged-2")) {
      assertEquals(404, admin.get("/api/events/" + Api.segment(id)).status(), id);
    }
    JsonNode counters = admin.get("/api/sources/stars").body().path("counters");
    assertTrue(counters.path("rejected-signatures").asLong() >= 3, counters.toString());
    String metrics = admin.text("/metrics");
    assertTrue(
        metrics.contains("outcome=\"rejected-signatures\"") && metrics.contains("source=\"stars\""),
        metrics);
  }

  @Test
  void aStripeSignatureOlderThanTheToleranceIs401() {
    String payments =
        """
        {"kind": "webhook", "spec": {
          "signature": {"type": "stripe", "secret": {"setting": "stripe"}},
          "name": "stripe.{/type}", "id": {"pointer": "/id"}}}
        """;
    assertEquals(201, admin.put("/api/sources/payments", payments).status());
    String body = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";
    long old = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
    Hook replayed = post("payments", stripe(old, body), body);
    assertEquals(401, replayed.status(), replayed.toString());
    assertTrue(
        replayed.body().path("error").asText().contains("more than 300 s"), replayed.toString());

    Hook fresh = post("payments", stripe(Instant.now().getEpochSecond(), body), body);
    assertEquals(202, fresh.status(), fresh.toString());
    assertEquals("payments:evt_1", fresh.body().path("id").asText());
    assertEquals("stripe.payment_intent.succeeded", fresh.body().path("name").asText());
    admin.await("/api/events/" + Api.segment("payments:evt_1"), a -> a.status() == 200);
  }

  @Test
  void badRequestsGetTheirOwnAnswers() {
    assertEquals(404, post("nope", github("star", "d", STAR), STAR).status());
    Hook notJson = post("stars", github("star", "d-json", "{\"action\":"), "{\"action\":");
    assertEquals(400, notJson.status(), notJson.toString());
    assertTrue(notJson.body().path("error").asText().contains("not JSON"), notJson.toString());
    Map<String, String> noDelivery = new LinkedHashMap<>(github("star", "x", STAR));
    noDelivery.remove("X-GitHub-Delivery");
    assertEquals(400, post("stars", noDelivery, STAR).status());
    String big = "{\"x\":\"" + "a".repeat(1_000_000) + "\"}";
    assertEquals(413, post("stars", github("star", "d-big", big), big).status());

    // a source whose secret this engine does not have: FAILING, and 503 so that senders retry
    String unset =
        """
        {"kind": "webhook", "spec": {
          "signature": {"type": "github", "secret": {"setting": "unset"}}, "name": "x"}}
        """;
    assertEquals(201, admin.put("/api/sources/unset", unset).status());
    JsonNode status = admin.get("/api/sources/unset").body();
    assertEquals("FAILING", status.path("state").asText(), status.toString());
    assertTrue(status.path("reason").asText().contains("webhook.secret.unset"), status.toString());
    assertEquals(503, post("unset", github("star", "d", STAR), STAR).status());

    assertEquals(200, admin.post("/api/sources/stars/pause", "").status());
    try {
      assertEquals(503, post("stars", github("star", "d-paused", STAR), STAR).status());
    } finally {
      assertEquals(200, admin.post("/api/sources/stars/resume", "").status());
    }
  }

  private record Hook(int status, JsonNode body) {}

  /** A webhook request as its sender makes it: no API key, these headers, these bytes. */
  private Hook post(String source, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(engine.url() + "/api/webhooks/" + source))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Hook(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> github(String event, String delivery, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-GitHub-Event", event);
    headers.put("X-GitHub-Delivery", delivery);
    headers.put("X-GitHub-Hook-ID", "42");
    headers.put("X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, body));
    return headers;
  }

  private static Map<String, String> stripe(long timestamp, String body) {
    return Map.of(
        "Content-Type",
        "application/json",
        "Stripe-Signature",
        "t=" + timestamp + ",v1=" + hmac(STRIPE_SECRET, timestamp + "." + body));
  }

  private static String hmac(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
