package dev.runlog.protocol.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code triggers} values, in either of two encodings told apart by their first bytes: Avro
 * single-object encoding (as the SDK client writes it) or plain JSON (as kcat or
 * kafka-console-producer send it):
 *
 * <pre>{"name": "demo.hello", "id": "evt-1", "payload": {...}, "context": {...},
 *  "deliverAt": "2026-01-01T00:00:00Z" | epoch-millis, "deliverAfter": "PT30S" | millis,
 *  "job": "only-this-job"}</pre>
 *
 * Only {@code name} is required. A JSON trigger without {@code id} takes the id the caller gives
 * (the record key, or its topic position), so a re-read of the topic makes the same run.
 *
 * <p>Anyone who can write to the topic writes here, so what is not clearly a trigger is refused (a
 * {@link DecodeException} with the reason) rather than read in part: content after the JSON object,
 * numbers that do not fit a long, and instants outside the years 0000–9999 (whether given, or
 * computed from {@code deliverAfter}), in either encoding. The range keeps every later sum (a
 * delivery time plus a job's maximum duration) far from overflowing.
 */
public final class TriggerEventCodec implements Codec<TriggerEvent> {
  /** The earliest and latest instants a trigger may carry. */
  static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final AvroBinary<dev.runlog.protocol.avro.TriggerEvent> avro =
      new AvroBinary<>(
          dev.runlog.protocol.avro.TriggerEvent.getEncoder(),
          dev.runlog.protocol.avro.TriggerEvent.getClassSchema());

  @Override
  public byte[] encode(TriggerEvent t) {
    return avro.encode(
        new dev.runlog.protocol.avro.TriggerEvent(
            t.id(),
            t.name(),
            t.payload(),
            t.context(),
            t.timestamp(),
            t.deliverAt(),
            t.source(),
            t.job(),
            t.parentRunId(),
            t.parentKey()));
  }

  /** Decodes an Avro trigger, or a JSON one that carries its own id and timestamp. */
  @Override
  public TriggerEvent decode(byte[] bytes) {
    return decode(bytes, null, null);
  }

  /**
   * @param fallbackId the id of a JSON trigger that has none
   * @param receivedAt the timestamp of a JSON trigger that has none (the record's timestamp)
   */
  public TriggerEvent decode(byte[] bytes, String fallbackId, Instant receivedAt) {
    TriggerEvent event = decodeAny(bytes, fallbackId, receivedAt);
    for (String problem :
        new String[] {
          RecordLimits.nameProblem("id", event.id()),
          RecordLimits.nameProblem("name", event.name()),
          RecordLimits.nameProblem("job", event.job()),
          RecordLimits.nameProblem("parentKey", event.parentKey()),
          RecordLimits.nameProblem("parentRunId", event.parentRunId())
        }) {
      if (problem != null) {
        throw new DecodeException("trigger's " + problem);
      }
    }
    return event;
  }

  private TriggerEvent decodeAny(byte[] bytes, String fallbackId, Instant receivedAt) {
    if (bytes == null) {
      throw new DecodeException("trigger has no value (a tombstone)");
    }
    if (bytes.length == 0) {
      throw new DecodeException("empty trigger value");
    }
    if (AvroBinary.isSingleObject(bytes)) {
      var a = avro.decode(bytes);
      return new TriggerEvent(
          a.getId(),
          a.getName(),
          a.getPayload(),
          a.getContext(),
          inRange("timestamp", a.getTimestamp()),
          inRange("deliverAt", a.getDeliverAt()),
          a.getSource(),
          a.getJob(),
          a.getParentRunId(),
          a.getParentKey());
    }
    if (!looksLikeJsonObject(bytes)) {
      throw new DecodeException("trigger is neither Avro single-object encoding nor a JSON object");
    }
    return fromJson(bytes, fallbackId, receivedAt);
  }

  private static TriggerEvent fromJson(byte[] bytes, String fallbackId, Instant receivedAt) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new DecodeException(
          "trigger is not valid JSON: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
          e);
    }
    JsonNode name = root.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new DecodeException("JSON trigger needs a non-empty string \"name\"");
    }
    String id = text(root, "id");
    if (id == null) {
      id = fallbackId;
    }
    if (id == null) {
      throw new DecodeException("JSON trigger has no \"id\" and no key to take one from");
    }
    JsonNode context = root.get("context");
    if (context != null && !context.isNull() && !context.isObject()) {
      throw new DecodeException("JSON trigger's \"context\" must be an object");
    }
    Instant timestamp = instant(root, "timestamp");
    if (timestamp == null) {
      timestamp = inRange("timestamp", receivedAt == null ? Instant.EPOCH : receivedAt);
    }
    Instant deliverAt = instant(root, "deliverAt");
    Duration deliverAfter = duration(root, "deliverAfter");
    if (deliverAt == null && deliverAfter != null) {
      deliverAt = after(timestamp, deliverAfter);
    }
    JsonNode payload = root.get("payload");
    return new TriggerEvent(
        id,
        name.asText(),
        payload == null ? "null" : write(payload),
        context == null || context.isNull() ? null : write(context),
        timestamp,
        deliverAt,
        text(root, "source"),
        text(root, "job"),
        null,
        null); // parent links come from the SDK's io.invoke only
  }

  private static boolean looksLikeJsonObject(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{') {
        return true;
      }
      if (b != ' '
          && b != '\t'
          && b != '\r'
          && b != '\n'
          && (b & 0xFF) != 0xEF
          && (b & 0xFF) != 0xBB
          && (b & 0xFF) != 0xBF) {
        return false; // the 0xEF 0xBB 0xBF above is a UTF-8 byte-order mark some tools write
      }
    }
    return false;
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw new DecodeException("JSON trigger's \"" + field + "\" must be a string");
    }
    return node.asText();
  }

  private static Instant instant(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return inRange(field, Instant.ofEpochMilli(millis(field, node)));
    }
    if (!node.isTextual()) {
      throw new DecodeException(
          "JSON trigger's \"" + field + "\" must be an ISO-8601 instant or epoch milliseconds");
    }
    try {
      return inRange(field, Instant.parse(node.asText()));
    } catch (DateTimeParseException e) {
      throw new DecodeException(
          "JSON trigger's \"" + field + "\" must be an ISO-8601 instant or epoch milliseconds", e);
    }
  }

  /**
   * {@code at} if it lies in the years 0000–9999 (null stays null), else a DecodeException naming
   * {@code field}.
   */
  private static Instant inRange(String field, Instant at) {
    if (at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST))) {
      throw new DecodeException(
          "trigger's \"" + field + "\" " + at + " is outside the years 0000-9999");
    }
    return at;
  }

  private static Instant after(Instant timestamp, Duration deliverAfter) {
    Instant at;
    try {
      at = timestamp.plus(deliverAfter);
    } catch (DateTimeException
        | ArithmeticException e) { // beyond Instant's range, or a long of seconds
      at = null;
    }
    if (at == null || at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new DecodeException(
          "JSON trigger's \"deliverAfter\" "
              + deliverAfter
              + " after "
              + timestamp
              + " falls outside the years 0000-9999");
    }
    return at;
  }

  private static long millis(String field, JsonNode node) {
    if (!node.canConvertToLong()) {
      throw new DecodeException(
          "JSON trigger's \""
              + field
              + "\" "
              + node.asText()
              + " does not fit in a long of milliseconds");
    }
    return node.longValue();
  }

  private static Duration duration(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return Duration.ofMillis(millis(field, node));
    }
    if (!node.isTextual()) {
      throw new DecodeException(
          "JSON trigger's \"" + field + "\" must be an ISO-8601 duration (PT30S) or milliseconds");
    }
    try {
      return Duration.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new DecodeException(
          "JSON trigger's \"" + field + "\" must be an ISO-8601 duration (PT30S) or milliseconds",
          e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new DecodeException("cannot re-encode JSON: " + e.getOriginalMessage(), e);
    }
  }
}
