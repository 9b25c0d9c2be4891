package dev.runlog.connectors.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.kafka.KafkaSourceSpec;
import dev.runlog.connectors.kafka.Mapping;
import dev.runlog.connectors.kafka.RecordMapper;
import dev.runlog.connectors.kafka.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * What runlog needs of a Schema Registry, checked against each registry a test can reach: the
 * in-process one, Apicurio in a child JVM, Confluent's own in Docker.
 */
abstract class RegistryContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDER =
      "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
          + "{\"name\":\"item\",\"type\":\"string\"},"
          + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
  private static final String EVENT_SCHEMA =
      "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}";

  /** The base URL of the registry under test. */
  abstract String url();

  private SchemaRegistryClient client() {
    return SchemaRegistryClient.of(URI.create(url()));
  }

  @Test
  void registeredSchemasAreFoundByIdAndAnUnknownIdIsTold() throws Exception {
    SchemaRegistryClient client = client();
    String subject = "orders-" + System.nanoTime() + "-value";
    int avro = client.register(subject, RegisteredSchema.AVRO, ORDER);
    int json = client.register("events-" + System.nanoTime() + "-value", "JSON", EVENT_SCHEMA);

    RegisteredSchema order = client.byId(avro);
    assertEquals(RegisteredSchema.AVRO, order.type());
    assertEquals(
        new Schema.Parser().parse(ORDER), new Schema.Parser().parse(order.schema()), "the same");
    assertEquals("JSON", client.byId(json).type());
    assertEquals(
        JSON.readTree(EVENT_SCHEMA), JSON.readTree(client.byId(json).schema()), "the same schema");
    RegistryException unknown = assertThrows(RegistryException.class, () -> client.byId(999_999));
    assertEquals(RegistryException.Kind.UNKNOWN_ID, unknown.kind(), unknown.getMessage());
  }

  @Test
  void aConfluentFramedAvroRecordMapsThroughTheRegistry() throws Exception {
    SchemaRegistryClient client = client();
    Schema schema = new Schema.Parser().parse(ORDER);
    int id = client.register("framed-" + System.nanoTime() + "-value", "AVRO", ORDER);
    GenericRecord order = new GenericData.Record(schema);
    order.put("item", "book");
    order.put("note", "gift");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(order, encoder);
    encoder.flush();
    byte[] data = out.toByteArray();
    byte[] value = ByteBuffer.allocate(5 + data.length).put((byte) 0).putInt(id).put(data).array();

    KafkaSourceSpec spec =
        KafkaSourceSpec.parse(
            JSON.readTree(
                "{\"topics\": [\"orders\"], \"format\": \"confluent-avro\", \"name\":"
                    + " \"order.placed\", \"registry\": {\"url\": \""
                    + url()
                    + "\"}}"));
    Mapping mapping =
        new RecordMapper("orders", spec, client)
            .map(
                new SourceRecord(
                    "orders", 0, 3, 1L, "k".getBytes(StandardCharsets.UTF_8), List.of(), value),
                Instant.EPOCH);
    assertEquals(
        JSON.readTree("{\"item\": \"book\", \"note\": \"gift\"}"),
        JSON.readTree(assertInstanceOf(Mapping.Mapped.class, mapping).event().payload()));
  }
}
