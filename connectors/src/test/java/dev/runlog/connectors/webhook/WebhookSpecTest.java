package dev.runlog.connectors.webhook;

import static dev.runlog.connectors.webhook.SignatureTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.source.InvalidSourceException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a spec may say, and the message for each thing it may not. */
class WebhookSpecTest {

  @Test
  void theSmallestSpecIsASignatureAndAName() {
    WebhookSpec spec =
        WebhookSpec.parse(json("{\"signature\":{\"type\":\"none\"},\"name\":\"order.paid\"}"));
    assertEquals(new Signature.None(), spec.signature());
    assertEquals(new EventIdRule.BodyDigest(), spec.id());
    assertEquals(new PayloadRule.Whole(), spec.payload());
    assertEquals(List.of(), spec.contextHeaders());
    assertEquals(Filter.NONE, spec.filter());
    assertEquals(List.of(new EventName.Literal("order.paid")), spec.name().parts());
  }

  @Test
  void badSpecsSayWhatToChange() {
    String none = "\"signature\":{\"type\":\"none\"}";
    assertInvalid("spec must be a JSON object", "[]");
    assertInvalid("signature is required", "{\"name\":\"x\"}");
    assertInvalid("name is required", "{" + none + "}");
    assertInvalid("unknown field spec.nmae", "{" + none + ",\"name\":\"x\",\"nmae\":\"y\"}");
    assertInvalid(
        "nameHeader must say which header", "{" + none + ",\"name\":\"github.{header}\"}");
    assertInvalid(
        "nameHeader is set but name does not use {header}",
        "{" + none + ",\"name\":\"x\",\"nameHeader\":\"X-E\"}");
    assertInvalid("neither {header} nor a JSON pointer", "{" + none + ",\"name\":\"a.{event}\"}");
    assertInvalid("without its '}'", "{" + none + ",\"name\":\"a.{header\"}");
    assertInvalid("without its '{'", "{" + none + ",\"name\":\"a.}\"}");
    assertInvalid(
        "id must be {\"header\"",
        "{" + none + ",\"name\":\"x\",\"id\":{\"header\":\"A\",\"pointer\":\"/b\"}}");
    assertInvalid(
        "id.header is not an HTTP header name",
        "{" + none + ",\"name\":\"x\",\"id\":{\"header\":\"a b\"}}");
    assertInvalid(
        "id.pointer must be a JSON pointer",
        "{" + none + ",\"name\":\"x\",\"id\":{\"pointer\":\"id\"}}");
    assertInvalid("payload must be a JSON pointer", "{" + none + ",\"name\":\"x\",\"payload\":3}");
    assertInvalid(
        "payload.login must be a JSON pointer string",
        "{" + none + ",\"name\":\"x\",\"payload\":{\"login\":1}}");
    assertInvalid(
        "contextHeaders must be a string or a non-empty array",
        "{" + none + ",\"name\":\"x\",\"contextHeaders\":{}}");
    assertInvalid(
        "unknown field filter.header", "{" + none + ",\"name\":\"x\",\"filter\":{\"header\":{}}}");
    assertInvalid(
        "filter.body./action must be a string or a non-empty array",
        "{" + none + ",\"name\":\"x\",\"filter\":{\"body\":{\"/action\":[]}}}");
    assertInvalid(
        "filter.body.action must be a JSON pointer",
        "{" + none + ",\"name\":\"x\",\"filter\":{\"body\":{\"action\":\"created\"}}}");
  }

  private static void assertInvalid(String expected, String spec) {
    InvalidSourceException e =
        assertThrows(InvalidSourceException.class, () -> WebhookSpec.parse(json(spec)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
