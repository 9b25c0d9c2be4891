package dev.runlog.connectors.kafka;

import static dev.runlog.connectors.kafka.KafkaSourceSpecTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.registry.RegisteredSchema;
import dev.runlog.connectors.registry.RegistryException;
import dev.runlog.connectors.registry.SchemaLookup;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class RecordMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final long AT = Instant.parse("2026-11-29T11:00:00Z").toEpochMilli();
  static final Schema ORDER =
      new Schema.Parser()
          .parse(
              "{\"type\": \"record\", \"name\": \"Order\", \"fields\": ["
                  + "{\"name\": \"id\", \"type\": \"long\"},"
                  + "{\"name\": \"item\", \"type\": \"string\"},"
                  + "{\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}]}");
  private static final SchemaLookup NO_REGISTRY =
      id -> {
        throw new AssertionError("no registry for this format");
      };

  private static SourceRecord record(byte[] value, SourceRecord.Header... headers) {
    return new SourceRecord(
        "orders", 2, 41, AT, "o-1".getBytes(StandardCharsets.UTF_8), List.of(headers), value);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static SourceRecord.Header header(String name, String value) {
    return new SourceRecord.Header(name, utf8(value));
  }

  private static TriggerEvent mapped(Mapping mapping) {
    return assertInstanceOf(Mapping.Mapped.class, mapping, mapping.toString()).event();
  }

  private static String reason(Mapping mapping) {
    return assertInstanceOf(Mapping.Unmappable.class, mapping, mapping.toString()).reason();
  }

  private static JsonNode tree(String json) throws IOException {
    return JSON.readTree(json);
  }

  private static Mapping map(String spec, SourceRecord record) throws RegistryException {
    return new RecordMapper("orders", spec(spec), NO_REGISTRY).map(record, NOW);
  }

  @Test
  void aJsonRecordBecomesAnEventWithItsPlaceAsItsIdAndItsOriginInItsContext() throws Exception {
    TriggerEvent event =
        mapped(
            map(
                "{'topics': ['orders'], 'name': 'order.placed', 'headers': ['traceparent', 'absent']}",
                record(
                    utf8("{\"item\": \"book\"}"),
                    header("traceparent", "00-abc-01"),
                    header("other", "not copied"))));
    assertEquals("orders-2-41", event.id(), "the same on every read of the record");
    assertEquals("order.placed", event.name());
    assertEquals(tree("{\"item\": \"book\"}"), tree(event.payload()));
    assertEquals("kafka:orders", event.source());
    assertEquals(Instant.ofEpochMilli(AT), event.timestamp());
    assertNull(event.deliverAt(), "at once");
    assertEquals(
        tree(
            "{\"topic\": \"orders\", \"partition\": 2, \"offset\": 41, \"timestamp\":"
                + " \"2026-11-29T11:00:00Z\", \"key\": \"o-1\", \"headers\": {\"traceparent\":"
                + " \"00-abc-01\"}}"),
        tree(event.context()));
  }

  @Test
  void nameIdAndPayloadComeFromHeadersAndFields() throws Exception {
    byte[] value =
        utf8("{\"type\": \"order.placed\", \"orderId\": 77, \"order\": {\"item\": \"pen\"}}");
    TriggerEvent byField =
        mapped(
            map(
                "{'topics': ['orders'], 'nameField': '/type', 'idField': '/orderId',"
                    + " 'payloadField': '/order'}",
                record(value)));
    assertEquals("order.placed", byField.name());
    assertEquals("77", byField.id(), "a whole number is an id too");
    assertEquals(tree("{\"item\": \"pen\"}"), tree(byField.payload()));

    TriggerEvent byHeader =
        mapped(
            map(
                "{'topics': ['orders'], 'nameHeader': 'type', 'idHeader': 'id'}",
                record(
                    value,
                    header("type", "first"),
                    header("type", "order.paid"),
                    header("id", "m-9"))));
    assertEquals("order.paid", byHeader.name(), "the last header of a name, as Kafka's lastHeader");
    assertEquals("m-9", byHeader.id());
  }

  @Test
  void aRecordWithoutATimestampIsStampedNowAndAKeyThatIsNotTextIsBase64() throws Exception {
    SourceRecord record =
        new SourceRecord("t", 0, 5, -1, new byte[] {0, 0, 0, 0, 1, 2}, List.of(), utf8("1"));
    TriggerEvent event = mapped(map("{'topics': ['t'], 'name': 'n'}", record));
    assertEquals(NOW, event.timestamp());
    assertEquals("AAAAAAEC", tree(event.context()).path("key").path("base64").asText());
    assertEquals("1", event.payload(), "any JSON value is a payload");
    assertEquals(
        "t", mapped(map("{'topics': ['t']}", record)).name(), "no name given: the topic's");
  }

  @Test
  void aRecordThatCannotBeAnEventSaysWhy() throws Exception {
    String spec = "{'topics': ['orders'], 'nameField': '/type', 'payloadField': '/order'}";
    assertEquals("the record has no value (a tombstone)", reason(map(spec, record(null))));
    assertTrue(reason(map(spec, record(utf8("{\"type\": ")))).startsWith("the value is not JSON"));
    assertTrue(
        reason(map(spec, record(utf8("{\"type\": \"a\"} trailing"))))
            .startsWith("the value is not JSON"));
    assertEquals("the value is empty, not JSON", reason(map(spec, record(new byte[0]))));
    assertEquals(
        "the value has nothing at /type for the event name",
        reason(map(spec, record(utf8("{\"order\": {}}")))));
    assertEquals(
        "the value has no text but object at /type for the event name",
        reason(map(spec, record(utf8("{\"type\": {}, \"order\": {}}")))));
    assertEquals(
        "the value has nothing at /order for the payload",
        reason(map(spec, record(utf8("{\"type\": \"t\"}")))));
    assertEquals(
        "the record has no header type for the event name",
        reason(map("{'topics': ['orders'], 'nameHeader': 'type'}", record(utf8("{}")))));
  }

  @Test
  void avroSingleObjectEncodingIsReadWithTheSpecsWriterSchemas() throws Exception {
    GenericRecord order = new GenericData.Record(ORDER);
    order.put("id", 5L);
    order.put("item", "lamp");
    order.put("note", "fragile");
    byte[] value =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), ORDER).encode(order).array();
    String spec =
        "{'topics': ['orders'], 'format': 'avro', 'nameField': '/item', 'idField': '/id',"
            + " 'avroSchemas': ["
            + ORDER.toString().replace('"', '\'')
            + "]}";
    TriggerEvent event = mapped(map(spec, record(value)));
    assertEquals("lamp", event.name());
    assertEquals("5", event.id());
    assertEquals(
        tree("{\"id\": 5, \"item\": \"lamp\", \"note\": \"fragile\"}"),
        tree(event.payload()),
        "a union's value plainly, not {\"string\": \"fragile\"}");

    String other =
        "{'topics': ['orders'], 'format': 'avro', 'name': 'n', 'avroSchemas': [{'type': 'record',"
            + " 'name': 'Other', 'fields': []}]}";
    assertTrue(
        reason(map(other, record(value))).contains("is not one of the source's avroSchemas"));
    assertTrue(
        reason(map(other, record(utf8("{}"))))
            .startsWith("the value is not in Avro's single-object encoding"));
  }

  static byte[] confluent(int id, byte[] data) {
    return ByteBuffer.allocate(5 + data.length).put((byte) 0).putInt(id).put(data).array();
  }

  static byte[] avro(GenericRecord datum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(datum.getSchema()).write(datum, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void confluentFramedValuesAreReadWithTheRegistrysSchema() throws Exception {
    Map<Integer, RegisteredSchema> registry =
        Map.of(
            7, new RegisteredSchema(7, "AVRO", ORDER.toString()),
            8, new RegisteredSchema(8, "JSON", "{\"type\": \"object\"}"));
    SchemaLookup lookup =
        id -> {
          RegisteredSchema schema = registry.get(id);
          if (schema == null) {
            throw new RegistryException(RegistryException.Kind.UNKNOWN_ID, "no schema " + id);
          }
          return schema;
        };
    GenericRecord order = new GenericData.Record(ORDER);
    order.put("id", 6L);
    order.put("item", "desk");
    order.put("note", null);
    RecordMapper avro =
        new RecordMapper(
            "s",
            spec(
                "{'topics': ['orders'], 'format': 'confluent-avro', 'name': 'order.placed',"
                    + " 'registry': {'url': 'http://r'}}"),
            lookup);
    TriggerEvent event = mapped(avro.map(record(confluent(7, avro(order))), NOW));
    assertEquals(tree("{\"id\": 6, \"item\": \"desk\", \"note\": null}"), tree(event.payload()));
    assertTrue(
        reason(avro.map(record(confluent(8, avro(order))), NOW))
            .contains("schema id 8 has type JSON, not AVRO"));
    assertTrue(
        reason(avro.map(record(utf8("{\"id\": 1}")), NOW))
            .startsWith("the value is not in the Confluent wire format"));
    byte[] longer = avro(order);
    byte[] extra = java.util.Arrays.copyOf(longer, longer.length + 3);
    assertTrue(
        reason(avro.map(record(confluent(7, extra)), NOW))
            .contains("bytes left after its Avro data: not written with schema id 7"));
    assertTrue(
        reason(avro.map(record(confluent(7, new byte[] {2})), NOW))
            .startsWith("the value is not Avro written with schema id 7"));
    RegistryException unknown =
        assertThrows(
            RegistryException.class, () -> avro.map(record(confluent(9, avro(order))), NOW));
    assertEquals(
        RegistryException.Kind.UNKNOWN_ID, unknown.kind(), "not the record's fault: try again");

    RecordMapper json =
        new RecordMapper(
            "s",
            spec(
                "{'topics': ['orders'], 'format': 'confluent-json', 'nameField': '/type',"
                    + " 'registry': {'url': 'http://r'}}"),
            lookup);
    assertEquals(
        "order.paid",
        mapped(json.map(record(confluent(8, utf8("{\"type\": \"order.paid\"}"))), NOW)).name());
    assertTrue(
        reason(json.map(record(confluent(7, utf8("{}"))), NOW))
            .contains("schema id 7 has type AVRO, not JSON"));
  }
}
