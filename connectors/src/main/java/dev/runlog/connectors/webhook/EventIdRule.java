package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where an event's id comes from. The id decides the runs (a second event with the same id starts
 * none), so it must be the same when a sender retries a delivery: a delivery header (GitHub's
 * {@code X-GitHub-Delivery}, kept on a redelivery), a field of the body (Stripe's {@code /id},
 * {@code evt_...}, kept on its retries), or else the SHA-256 of the body. The digest dedupes a
 * retry that resends the same bytes; two distinct deliveries with identical bodies would be taken
 * for one, which is why a source with a delivery id should name it. The id is prefixed with the
 * source's id, so that two sources never share one.
 */
public sealed interface EventIdRule {
  /** The value of a header, which every request must carry. */
  record Header(String name) implements EventIdRule {
    @Override
    public String value(WebhookRequest request, JsonNode body) {
      return request
          .header(name)
          .map(String::strip)
          .filter(v -> !v.isEmpty())
          .orElseThrow(
              () ->
                  Refusal.badRequest(
                      "the request has no "
                          + name
                          + " header, which the source takes the event id"
                          + " from"));
    }
  }

  /** The string or number at a JSON pointer of the body, which every request must carry. */
  record BodyField(JsonPointer pointer) implements EventIdRule {
    @Override
    public String value(WebhookRequest request, JsonNode body) {
      return Values.scalar(body, pointer)
          .orElseThrow(
              () ->
                  Refusal.badRequest(
                      "the body has no string or number at "
                          + pointer
                          + ", which the source takes the event id from"));
    }
  }

  /** {@code sha256:<hex>} of the raw body. */
  record BodyDigest() implements EventIdRule {
    @Override
    public String value(WebhookRequest request, JsonNode body) {
      return "sha256:" + HexFormat.of().formatHex(sha256(request.body()));
    }
  }

  static EventIdRule parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return new BodyDigest();
    }
    Fields fields = Fields.of("id", node);
    fields.only("header", "pointer");
    if (node.has("header") == node.has("pointer")) {
      throw new InvalidSourceException(
          "id must be {\"header\": \"X-GitHub-Delivery\"} or {\"pointer\": \"/id\"} (or left out:"
              + " the SHA-256 of the body)");
    }
    if (node.has("header")) {
      return new Header(Fields.headerName("id.header", fields.requiredText("header")));
    }
    String pointer = fields.requiredText("pointer");
    return new BodyField(Values.pointer("id.pointer", pointer));
  }

  /** The value this rule takes from {@code request}, before checks and the source's prefix. */
  String value(WebhookRequest request, JsonNode body);

  /** The event id of {@code request} (with its parsed {@code body}) at source {@code sourceId}. */
  default String resolve(String sourceId, WebhookRequest request, JsonNode body) {
    String value = value(request, body);
    if (!Values.ID.matcher(value).matches()) {
      throw Refusal.badRequest("the event id must be 1 to 200 printable ASCII characters");
    }
    return sourceId + ":" + value;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
