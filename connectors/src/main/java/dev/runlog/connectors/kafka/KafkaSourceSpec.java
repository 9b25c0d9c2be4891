package dev.runlog.connectors.kafka;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.registry.RegistrySettings;
import dev.runlog.connectors.source.InvalidSourceException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * What a Kafka topic source reads and how each record becomes a trigger event.
 *
 * <pre>{@code
 * {"topics": ["orders"], "format": "json", "name": "order.placed",
 *  "idField": "/orderId", "payloadField": "/order", "headers": ["traceparent"],
 *  "startFrom": "earliest"}
 * }</pre>
 *
 * @param topics the topics read (at least one)
 * @param format how values are encoded
 * @param avroSchemas the writer schemas of {@link ValueFormat#AVRO} values (empty otherwise)
 * @param registry the Schema Registry of the {@code confluent-*} formats
 * @param name where the event name comes from: fixed, a header, a field; by default the record's
 *     topic
 * @param id where the event id comes from; empty: {@code <topic>-<partition>-<offset>}, the same on
 *     every read of the record, so that a re-read makes no second run
 * @param payloadField a JSON pointer to the payload in the value; empty: the whole value
 * @param headers the headers copied into the event's context
 * @param startFrom where a new source starts: the oldest record kept or the next one written
 */
public record KafkaSourceSpec(
    List<String> topics,
    ValueFormat format,
    List<Schema> avroSchemas,
    Optional<RegistrySettings> registry,
    Selector name,
    Optional<Selector> id,
    Optional<String> payloadField,
    List<String> headers,
    StartFrom startFrom) {

  /** Where a source with no committed position starts. */
  public enum StartFrom {
    EARLIEST,
    LATEST
  }

  /** Kafka's rule for topic names. */
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private static final Set<String> FIELDS =
      Set.of(
          "topics",
          "format",
          "avroSchemas",
          "registry",
          "name",
          "nameHeader",
          "nameField",
          "idHeader",
          "idField",
          "payloadField",
          "headers",
          "startFrom");

  public KafkaSourceSpec {
    topics = List.copyOf(topics);
    avroSchemas = List.copyOf(avroSchemas);
    headers = List.copyOf(headers);
  }

  /**
   * Reads a spec from its JSON.
   *
   * @throws InvalidSourceException with what is wrong, for a 400
   */
  public static KafkaSourceSpec parse(JsonNode json) {
    try {
      return read(json);
    } catch (InvalidSourceException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidSourceException("kafka source: " + e.getMessage());
    }
  }

  private static KafkaSourceSpec read(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the spec must be a JSON object with \"topics\"");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field \"" + field + "\"; known: " + new TreeSet<>(FIELDS));
      }
    }
    List<String> topics = texts(json, "topics");
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("\"topics\" must name at least one topic");
    }
    for (String topic : topics) {
      if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
        throw new IllegalArgumentException(
            "\"" + topic + "\" is not a topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
      }
    }
    ValueFormat format = ValueFormat.of(text(json, "format").orElse(ValueFormat.JSON.label()));
    List<Schema> schemas = avroSchemas(json.get("avroSchemas"));
    if (format == ValueFormat.AVRO && schemas.isEmpty()) {
      throw new IllegalArgumentException(
          "format avro needs \"avroSchemas\": the writer schemas of the topic's values");
    }
    if (format != ValueFormat.AVRO && !schemas.isEmpty()) {
      throw new IllegalArgumentException("\"avroSchemas\" is for format avro only");
    }
    Optional<RegistrySettings> registry =
        Optional.ofNullable(json.get("registry"))
            .filter(node -> !node.isNull())
            .map(RegistrySettings::parse);
    if (format.needsRegistry() && registry.isEmpty()) {
      throw new IllegalArgumentException(
          "format " + format.label() + " needs \"registry\": {\"url\": ...}");
    }
    if (!format.needsRegistry() && registry.isPresent()) {
      throw new IllegalArgumentException(
          "\"registry\" is for formats confluent-avro and confluent-json only");
    }
    Selector name =
        oneOf(json, "name", "nameHeader", "nameField").orElse(new Selector.RecordTopic());
    Optional<Selector> id = oneOf(json, null, "idHeader", "idField");
    Optional<String> payload = text(json, "payloadField").map(KafkaSourceSpec::pointer);
    List<String> headers = texts(json, "headers");
    StartFrom start =
        switch (text(json, "startFrom").orElse("latest")) {
          case "earliest" -> StartFrom.EARLIEST;
          case "latest" -> StartFrom.LATEST;
          default -> throw new IllegalArgumentException("\"startFrom\" must be earliest or latest");
        };
    return new KafkaSourceSpec(
        List.copyOf(new LinkedHashSet<>(topics)),
        format,
        schemas,
        registry,
        name,
        id,
        payload,
        headers,
        start);
  }

  /** At most one of the fixed, header and field forms of a selector. */
  private static Optional<Selector> oneOf(
      JsonNode json, String fixed, String header, String field) {
    List<Selector> given = new ArrayList<>();
    if (fixed != null) {
      text(json, fixed).ifPresent(value -> given.add(new Selector.Fixed(value)));
    }
    text(json, header).ifPresent(value -> given.add(new Selector.FromHeader(value)));
    text(json, field).ifPresent(value -> given.add(new Selector.FromField(pointer(value))));
    if (given.size() > 1) {
      String names =
          (fixed == null ? "" : "\"" + fixed + "\", ") + "\"" + header + "\" and \"" + field + "\"";
      throw new IllegalArgumentException("give only one of " + names);
    }
    return given.stream().findFirst();
  }

  private static String pointer(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a JSON pointer: it starts with / (such as \"/order/id\")");
    }
    try {
      JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a JSON pointer (such as \"/order/id\"): " + e.getMessage());
    }
    return text;
  }

  private static List<Schema> avroSchemas(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(
          "\"avroSchemas\" must be an array of Avro schemas (JSON objects or their text)");
    }
    List<Schema> schemas = new ArrayList<>();
    for (JsonNode schema : node) {
      String text = schema.isTextual() ? schema.asText() : schema.toString();
      try {
        schemas.add(new Schema.Parser().parse(text));
      } catch (RuntimeException e) { // SchemaParseException, AvroTypeException, ...
        throw new IllegalArgumentException(
            "\"avroSchemas\"[" + schemas.size() + "] is not an Avro schema: " + e.getMessage());
      }
    }
    return schemas;
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string");
    }
    return Optional.of(value.asText());
  }

  private static List<String> texts(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" must be an array of strings");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() || item.asText().isBlank()) {
        throw new IllegalArgumentException(
            "\"" + field + "\" must be an array of non-empty strings");
      }
      texts.add(item.asText());
    }
    return texts;
  }
}
