package dev.runlog.engine.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.webhook.WebhookOutcome;
import dev.runlog.connectors.webhook.WebhookRequest;
import dev.runlog.engine.source.SourceState;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import dev.runlog.protocol.trigger.TriggerEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The webhook runtime without Kafka: statuses as definitions change, and what a request gets. */
class WebhooksTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final String SPEC =
      "{\"signature\":{\"type\":\"github\",\"secret\":{\"setting\":\"gh\"}},"
          + "\"name\":\"new.star\",\"id\":{\"header\":\"X-GitHub-Delivery\"}}";
  private static final String BODY = "{\"action\":\"created\"}";

  private final Map<String, SourceDefinition> catalog = new HashMap<>();
  private final SourceStatuses statuses =
      new SourceStatuses(new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
  private final List<TriggerEvent> sent = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();

  private Webhooks webhooks(WebhookSecrets secrets) {
    return new Webhooks(
        id -> Optional.ofNullable(catalog.get(id)),
        statuses,
        secrets,
        sent::add,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aSourceWhoseSecretIsNotSetIsFailingAndAnswersUnavailable() {
    Webhooks webhooks = webhooks(new WebhookSecrets(Map.of(), env::get));
    define(webhooks, "stars", false, SPEC);
    SourceStatuses.Status status = statuses.get("stars").orElseThrow();
    assertEquals(SourceState.FAILING, status.state());
    assertTrue(status.reason().contains("engine setting webhook.secret.gh"), status.reason());
    Webhooks.Receipt receipt = webhooks.receive("stars", signed("gh-secret", "d-1"));
    assertInstanceOf(Webhooks.Receipt.Unavailable.class, receipt);
    assertEquals(List.of(), sent);
  }

  @Test
  void anEnvironmentSecretIsReadFromTheEnvironment() {
    env.put("GH_SECRET", "gh-secret");
    Webhooks webhooks = webhooks(new WebhookSecrets(Map.of(), env::get));
    define(
        webhooks, "stars", false, SPEC.replace("{\"setting\":\"gh\"}", "{\"env\":\"GH_SECRET\"}"));
    assertEquals(SourceState.RUNNING, statuses.get("stars").orElseThrow().state());
    assertInstanceOf(
        WebhookOutcome.Accepted.class,
        mapped(webhooks.receive("stars", signed("gh-secret", "d-1"))));
  }

  @Test
  void aSignedRequestIsSentAndCountedAndABadOneIsCountedOnly() {
    Webhooks webhooks = webhooks(new WebhookSecrets(Map.of("gh", "gh-secret"), env::get));
    define(webhooks, "stars", false, SPEC);
    assertEquals(SourceState.RUNNING, statuses.get("stars").orElseThrow().state());

    WebhookOutcome ok = mapped(webhooks.receive("stars", signed("gh-secret", "d-1")));
    assertEquals("stars:d-1", assertInstanceOf(WebhookOutcome.Accepted.class, ok).event().id());
    assertEquals(1, sent.size());

    WebhookOutcome bad = mapped(webhooks.receive("stars", signed("not-the-secret", "d-2")));
    assertEquals(
        WebhookOutcome.Why.SIGNATURE, assertInstanceOf(WebhookOutcome.Refused.class, bad).why());
    assertEquals(1, sent.size());
    assertEquals(
        Map.of(Webhooks.ACCEPTED, 1L, Webhooks.REJECTED_SIGNATURES, 1L),
        statuses.get("stars").orElseThrow().counters());
  }

  @Test
  void unknownPausedAndOtherKindsOfSourceAreNotServed() {
    Webhooks webhooks = webhooks(new WebhookSecrets(Map.of("gh", "gh-secret"), env::get));
    assertInstanceOf(
        Webhooks.Receipt.NoSuchSource.class, webhooks.receive("nope", signed("gh-secret", "d")));
    catalog.put(
        "topic",
        new SourceDefinition("topic", SourceKind.KAFKA, false, "{}", NOW)); // not a webhook
    assertInstanceOf(
        Webhooks.Receipt.NoSuchSource.class, webhooks.receive("topic", signed("gh-secret", "d")));

    define(webhooks, "stars", true, SPEC);
    assertEquals(SourceState.PAUSED, statuses.get("stars").orElseThrow().state());
    assertInstanceOf(
        Webhooks.Receipt.Unavailable.class, webhooks.receive("stars", signed("gh-secret", "d")));
    define(webhooks, "stars", false, SPEC); // resumed: served at once
    assertInstanceOf(
        WebhookOutcome.Accepted.class, mapped(webhooks.receive("stars", signed("gh-secret", "d"))));

    catalog.remove("stars");
    webhooks.changed("stars", Optional.empty());
    assertEquals(Optional.empty(), statuses.get("stars"));
    assertInstanceOf(
        Webhooks.Receipt.NoSuchSource.class, webhooks.receive("stars", signed("gh-secret", "d")));
  }

  @Test
  void aChangedSpecIsTakenAtTheNextRequestEvenBeforeItsListenerRan() {
    Webhooks webhooks = webhooks(new WebhookSecrets(Map.of("gh", "gh-secret"), env::get));
    define(webhooks, "stars", false, SPEC);
    catalog.put(
        "stars",
        new SourceDefinition(
            "stars", SourceKind.WEBHOOK, false, SPEC.replace("new.star", "github.star"), NOW));
    WebhookOutcome ok = mapped(webhooks.receive("stars", signed("gh-secret", "d-1")));
    assertEquals("github.star", assertInstanceOf(WebhookOutcome.Accepted.class, ok).event().name());
  }

  @Test
  void secretsNeverShowInText() {
    WebhookSecrets secrets = new WebhookSecrets(Map.of("gh", "hunter2-secret"), env::get);
    assertEquals("WebhookSecrets[gh]", secrets.toString());
    // fromSettings keeps webhook.secret.* only, by name
    WebhookSecrets read =
        WebhookSecrets.fromSettings(Map.of("webhook.secret.github", "s", "http.port", "1"));
    assertEquals("WebhookSecrets[github]", read.toString());
  }

  private void define(Webhooks webhooks, String id, boolean paused, String spec) {
    SourceDefinition def = new SourceDefinition(id, SourceKind.WEBHOOK, paused, spec, NOW);
    catalog.put(id, def);
    webhooks.changed(id, Optional.of(def));
  }

  private static WebhookOutcome mapped(Webhooks.Receipt receipt) {
    return assertInstanceOf(Webhooks.Receipt.Mapped.class, receipt, receipt.toString()).outcome();
  }

  private static WebhookRequest signed(String secret, String delivery) {
    return new WebhookRequest(
        Map.of(
            "Content-Type",
            "application/json",
            "X-GitHub-Delivery",
            delivery,
            "X-Hub-Signature-256",
            "sha256=" + hmac(secret, BODY)),
        BODY.getBytes(StandardCharsets.UTF_8));
  }

  private static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
