package dev.runlog.connectors.webhook;

import static dev.runlog.connectors.webhook.SignatureTest.bytes;
import static dev.runlog.connectors.webhook.SignatureTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.trigger.TriggerEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests to events: the README's GitHub star source, and each way a request is refused. */
class WebhookMapperTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final byte[] SECRET = bytes("gh-secret");
  private static final String STAR =
      "{\"action\":\"created\",\"starred_at\":\"2026-11-30T10:00:00Z\","
          + "\"repository\":{\"id\":1,\"name\":\"runlog\",\"full_name\":\"ada/runlog\"},"
          + "\"sender\":{\"login\":\"ada\",\"id\":7}}";

  /** The README's: GitHub stars become the seed's new.star with the StarJob's Star payload. */
  static final WebhookSpec STARS =
      WebhookSpec.parse(
          json(
              """
              {"signature": {"type": "github", "secret": {"setting": "github"}},
               "name": "new.star",
               "id": {"header": "X-GitHub-Delivery"},
               "filter": {"headers": {"X-GitHub-Event": "star"}, "body": {"/action": "created"}},
               "payload": {"login": "/sender/login", "repo": "/repository/name"},
               "contextHeaders": ["X-GitHub-Hook-ID"]}
              """));

  private static final WebhookSpec ALL_GITHUB =
      WebhookSpec.parse(
          json(
              """
              {"signature": {"type": "github", "secret": {"env": "GH"}},
               "name": "github.{header}.{/action}", "nameHeader": "X-GitHub-Event"}
              """));

  @Test
  void aSignedStarBecomesTheStarJobsEvent() {
    TriggerEvent event = accepted(STARS, github("star", "d-1", STAR));
    assertEquals("stars:d-1", event.id());
    assertEquals("new.star", event.name());
    assertEquals(json("{\"login\":\"ada\",\"repo\":\"runlog\"}"), json(event.payload()));
    assertEquals(
        json("{\"webhook\":\"stars\",\"headers\":{\"X-GitHub-Hook-ID\":\"42\"}}"),
        json(event.context()));
    assertEquals(NOW, event.timestamp());
    assertEquals("webhook:stars", event.source());
  }

  @Test
  void theSameDeliveryGivesTheSameEventId() {
    assertEquals(
        accepted(STARS, github("star", "d-1", STAR)).id(),
        accepted(STARS, github("star", "d-1", STAR)).id());
  }

  @Test
  void withoutAnIdRuleTheIdIsTheBodysDigest() {
    WebhookSpec digest =
        WebhookSpec.parse(json("{\"signature\":{\"type\":\"none\"},\"name\":\"x\"}"));
    WebhookRequest a = new WebhookRequest(Map.of(), bytes("{\"a\":1}"));
    WebhookRequest b = new WebhookRequest(Map.of(), bytes("{\"a\":2}"));
    String expected =
        "hooks:sha256:" + HexFormat.of().formatHex(EventIdRule.sha256(bytes("{\"a\":1}")));
    assertEquals(expected, accepted("hooks", digest, a).id());
    assertEquals(expected, accepted("hooks", digest, a).id());
    assertTrue(!accepted("hooks", digest, b).id().equals(expected));
  }

  @Test
  void aNameTemplateTakesTheHeaderAndABodyValue() {
    assertEquals("github.star.created", accepted(ALL_GITHUB, github("star", "d-1", STAR)).name());
    WebhookSpec byHeader =
        WebhookSpec.parse(
            json(
                "{\"signature\":{\"type\":\"none\"},\"name\":\"github.{header}\","
                    + "\"nameHeader\":\"X-GitHub-Event\"}"));
    assertEquals("github.star", accepted(byHeader, github("star", "d-1", STAR)).name());
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "no X-GitHub-Event header",
        WebhookMapper.map("s", byHeader, new WebhookRequest(Map.of(), bytes(STAR)), SECRET, NOW));
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "is not an event name",
        WebhookMapper.map("s", byHeader, github("star thing", "d-1", STAR), SECRET, NOW));
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "no string at /action",
        WebhookMapper.map("s", ALL_GITHUB, github("ping", "d-1", "{\"zen\":\"hi\"}"), SECRET, NOW));
  }

  @Test
  void aFilteredOutRequestIsIgnoredNotRefused() {
    WebhookOutcome ping =
        WebhookMapper.map("stars", STARS, github("ping", "d-2", "{}"), SECRET, NOW);
    assertEquals(new WebhookOutcome.Ignored("X-GitHub-Event is 'ping', not one of [star]"), ping);
    WebhookOutcome unstar =
        WebhookMapper.map(
            "stars",
            STARS,
            github("star", "d-3", STAR.replace("\"created\"", "\"deleted\"")),
            SECRET,
            NOW);
    assertEquals(
        new WebhookOutcome.Ignored("the body's /action is 'deleted', not one of [created]"),
        unstar);
  }

  @Test
  void theSignatureIsCheckedBeforeTheBodyIsRead() {
    Map<String, String> headers = new LinkedHashMap<>(githubHeaders("star", "d-1"));
    headers.put("X-Hub-Signature-256", sign("{\"other\":1}"));
    // the body is not even JSON: a wrong signature is still what is answered
    assertRefused(
        WebhookOutcome.Why.SIGNATURE,
        "does not match the body",
        WebhookMapper.map(
            "stars", STARS, new WebhookRequest(headers, bytes("not json")), SECRET, NOW));
    headers.remove("X-Hub-Signature-256");
    assertRefused(
        WebhookOutcome.Why.SIGNATURE,
        "no X-Hub-Signature-256 header",
        WebhookMapper.map("stars", STARS, new WebhookRequest(headers, bytes(STAR)), SECRET, NOW));
  }

  @Test
  void aSignedBodyThatIsNotJsonOrLacksItsIdIsABadRequest() {
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "the body is not JSON",
        WebhookMapper.map("stars", STARS, github("star", "d-1", "{\"action\":"), SECRET, NOW));
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "the body is not JSON",
        WebhookMapper.map("stars", STARS, github("star", "d-1", "{} trailing"), SECRET, NOW));
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "the body is empty",
        WebhookMapper.map("stars", STARS, github("star", "d-1", ""), SECRET, NOW));
    Map<String, String> noDelivery = new LinkedHashMap<>(githubHeaders("star", "d-1"));
    noDelivery.remove("X-GitHub-Delivery");
    noDelivery.put("X-Hub-Signature-256", sign(STAR));
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "no X-GitHub-Delivery header, which the source takes the event id from",
        WebhookMapper.map(
            "stars", STARS, new WebhookRequest(noDelivery, bytes(STAR)), SECRET, NOW));
    WebhookSpec stripeLike =
        WebhookSpec.parse(
            json(
                "{\"signature\":{\"type\":\"none\"},\"name\":\"x\",\"id\":{\"pointer\":\"/id\"}}"));
    assertEquals("s:evt_1", accepted("s", stripeLike, plain("{\"id\":\"evt_1\"}")).id());
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "no string or number at /id",
        WebhookMapper.map("s", stripeLike, plain("{\"id\":{}}"), SECRET, NOW));
  }

  @Test
  void aFormPostCarriesItsJsonInThePayloadField() {
    String form = "payload=" + URLEncoder.encode(STAR, StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>(githubHeaders("star", "d-9"));
    headers.put("X-Hub-Signature-256", sign(form)); // GitHub signs the form as sent
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    TriggerEvent event = accepted(STARS, new WebhookRequest(headers, bytes(form)));
    assertEquals(json("{\"login\":\"ada\",\"repo\":\"runlog\"}"), json(event.payload()));
    headers.put("X-Hub-Signature-256", sign("a=1"));
    assertRefused(
        WebhookOutcome.Why.BAD_REQUEST,
        "no payload field",
        WebhookMapper.map("stars", STARS, new WebhookRequest(headers, bytes("a=1")), SECRET, NOW));
  }

  @Test
  void anotherMediaTypeIsRefused() {
    Map<String, String> headers = new LinkedHashMap<>(githubHeaders("star", "d-1"));
    headers.put("X-Hub-Signature-256", sign(STAR));
    headers.put("Content-Type", "text/plain");
    assertRefused(
        WebhookOutcome.Why.MEDIA_TYPE,
        "not 'text/plain'",
        WebhookMapper.map("stars", STARS, new WebhookRequest(headers, bytes(STAR)), SECRET, NOW));
  }

  @Test
  void aPayloadPointerTakesPartOfTheBody() {
    WebhookSpec sender =
        WebhookSpec.parse(
            json("{\"signature\":{\"type\":\"none\"},\"name\":\"x\",\"payload\":\"/sender\"}"));
    assertEquals(
        json("{\"login\":\"ada\",\"id\":7}"), json(accepted(sender, plain(STAR)).payload()));
    WebhookSpec missing =
        WebhookSpec.parse(
            json("{\"signature\":{\"type\":\"none\"},\"name\":\"x\",\"payload\":\"/nothing\"}"));
    assertEquals("null", accepted(missing, plain(STAR)).payload());
  }

  private static TriggerEvent accepted(WebhookSpec spec, WebhookRequest request) {
    return accepted("stars", spec, request);
  }

  private static TriggerEvent accepted(String source, WebhookSpec spec, WebhookRequest request) {
    WebhookOutcome outcome = WebhookMapper.map(source, spec, request, SECRET, NOW);
    return assertInstanceOf(WebhookOutcome.Accepted.class, outcome, outcome.toString()).event();
  }

  private static void assertRefused(
      WebhookOutcome.Why why, String expected, WebhookOutcome outcome) {
    WebhookOutcome.Refused refused =
        assertInstanceOf(WebhookOutcome.Refused.class, outcome, outcome.toString());
    assertEquals(why, refused.why(), refused.reason());
    assertTrue(refused.reason().contains(expected), refused.reason());
  }

  static WebhookRequest github(String event, String delivery, String body) {
    Map<String, String> headers = new LinkedHashMap<>(githubHeaders(event, delivery));
    headers.put("X-Hub-Signature-256", sign(body));
    return new WebhookRequest(headers, bytes(body));
  }

  private static Map<String, String> githubHeaders(String event, String delivery) {
    return Map.of(
        "Content-Type",
        "application/json",
        "X-GitHub-Event",
        event,
        "X-GitHub-Delivery",
        delivery,
        "X-GitHub-Hook-ID",
        "42");
  }

  private static WebhookRequest plain(String body) {
    return new WebhookRequest(Map.of("Content-Type", "application/json"), bytes(body));
  }

  private static String sign(String body) {
    return "sha256=" + HexFormat.of().formatHex(Signature.mac("HmacSHA256", SECRET, bytes(body)));
  }
}
