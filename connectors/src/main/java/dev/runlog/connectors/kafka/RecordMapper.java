package dev.runlog.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.connectors.registry.RegistryException;
import dev.runlog.connectors.registry.SchemaLookup;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a source record into its trigger event, as the source's spec says, or into the reason it
 * cannot be one. Pure but for the schema lookup (a cache in front of the registry).
 *
 * <p>The event's context tells the run where it came from: {@code {"topic": "orders", "partition":
 * 0, "offset": 42, "timestamp": "2026-...Z", "key": "o-1", "headers": {"traceparent": "..."}}}. A
 * key or header value that is not text (not UTF-8, or with control characters, as a framed Avro
 * key) is given as {@code {"base64": "..."}}.
 */
public final class RecordMapper {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String source;
  private final KafkaSourceSpec spec;
  private final ValueDecoder decoder;

  /**
   * @param sourceId the source's id: events name it as their source, {@code kafka:<sourceId>}
   * @param registry where Confluent-framed values' schemas come from (unused by other formats)
   */
  public RecordMapper(String sourceId, KafkaSourceSpec spec, SchemaLookup registry) {
    this.source = "kafka:" + sourceId;
    this.spec = spec;
    this.decoder = new ValueDecoder(spec.format(), spec.avroSchemas(), registry);
  }

  /**
   * The record's trigger event, or why it has none.
   *
   * @param now the event's timestamp when the record has none
   * @throws RegistryException when the value's schema cannot be had now (the registry is down, or
   *     does not know the id): not the record's fault, so try again later
   */
  public Mapping map(SourceRecord record, Instant now) throws RegistryException {
    if (record.value() == null) {
      return new Mapping.Unmappable("the record has no value (a tombstone)");
    }
    JsonNode value;
    try {
      value = decoder.decode(record.value());
    } catch (ValueDecoder.BadValue e) {
      return new Mapping.Unmappable(e.getMessage());
    }
    try {
      String name = select(spec.name(), record, value, "event name");
      String id =
          spec.id().isPresent()
              ? select(spec.id().get(), record, value, "event id")
              : record.place();
      JsonNode payload = value;
      if (spec.payloadField().isPresent()) {
        payload = value.at(spec.payloadField().get());
        if (payload.isMissingNode()) {
          throw new Missing(
              "the value has nothing at " + spec.payloadField().get() + " for the payload");
        }
      }
      Instant timestamp = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : now;
      return new Mapping.Mapped(
          new TriggerEvent(
              id,
              name,
              payload.toString(),
              context(record, timestamp).toString(),
              timestamp,
              null,
              source));
    } catch (Missing e) {
      return new Mapping.Unmappable(e.getMessage());
    }
  }

  private ObjectNode context(SourceRecord record, Instant timestamp) {
    ObjectNode context = NODES.objectNode();
    context.put("topic", record.topic());
    context.put("partition", record.partition());
    context.put("offset", record.offset());
    context.put("timestamp", timestamp.toString());
    if (record.key() != null) {
      context.set("key", bytes(record.key()));
    }
    if (!spec.headers().isEmpty()) {
      ObjectNode headers = context.putObject("headers");
      for (String name : spec.headers()) {
        lastHeader(record, name)
            .ifPresent(
                header ->
                    headers.set(
                        name, header.value() == null ? NODES.nullNode() : bytes(header.value())));
      }
    }
    return context;
  }

  private static String select(Selector selector, SourceRecord record, JsonNode value, String what)
      throws Missing {
    if (selector instanceof Selector.Fixed fixed) {
      return fixed.value();
    }
    if (selector instanceof Selector.RecordTopic) {
      return record.topic();
    }
    if (selector instanceof Selector.FromHeader header) {
      SourceRecord.Header found =
          lastHeader(record, header.name())
              .filter(h -> h.value() != null && h.value().length > 0)
              .orElseThrow(
                  () ->
                      new Missing(
                          "the record has no header " + header.name() + " for the " + what));
      return text(found.value())
          .filter(t -> !t.isBlank())
          .orElseThrow(
              () ->
                  new Missing(
                      "header " + header.name() + " is not text, so it cannot be the " + what));
    }
    String pointer = ((Selector.FromField) selector).pointer();
    JsonNode found = value.at(pointer);
    if (found.isTextual() && !found.asText().isBlank() || found.isIntegralNumber()) {
      return found.asText();
    }
    String seen =
        found.isMissingNode()
            ? "nothing"
            : "no text but " + found.getNodeType().name().toLowerCase(Locale.ROOT);
    throw new Missing("the value has " + seen + " at " + pointer + " for the " + what);
  }

  private static Optional<SourceRecord.Header> lastHeader(SourceRecord record, String name) {
    SourceRecord.Header last = null;
    for (SourceRecord.Header header : record.headers()) {
      if (header.name().equals(name)) {
        last = header;
      }
    }
    return Optional.ofNullable(last);
  }

  /** Text when the bytes are UTF-8 text, else {@code {"base64": ...}}. */
  private static JsonNode bytes(byte[] bytes) {
    Optional<String> text = text(bytes);
    if (text.isPresent()) {
      return NODES.textNode(text.get());
    }
    return NODES.objectNode().put("base64", Base64.getEncoder().encodeToString(bytes));
  }

  private static Optional<String> text(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    // a Confluent-framed key starts with byte 0 and is valid UTF-8 all the same: not text
    boolean control =
        text.chars()
            .anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    return control ? Optional.empty() : Optional.of(text);
  }

  /** Something the event needs is not in the record. */
  private static final class Missing extends Exception {
    Missing(String message) {
      super(message);
    }
  }
}
