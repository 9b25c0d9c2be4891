package dev.runlog.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.source.InvalidSourceException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaSourceSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static KafkaSourceSpec spec(String text) {
    return KafkaSourceSpec.parse(json(text));
  }

  private static String error(String text) {
    return assertThrows(InvalidSourceException.class, () -> spec(text)).getMessage();
  }

  @Test
  void theSmallestSpecIsATopicAndAName() {
    KafkaSourceSpec spec = spec("{'topics': ['orders'], 'name': 'order.placed'}");
    assertEquals(List.of("orders"), spec.topics());
    assertEquals(ValueFormat.JSON, spec.format());
    assertEquals(new Selector.Fixed("order.placed"), spec.name());
    assertEquals(Optional.empty(), spec.id(), "default: <topic>-<partition>-<offset>");
    assertEquals(Optional.empty(), spec.payloadField(), "default: the whole value");
    assertEquals(KafkaSourceSpec.StartFrom.LATEST, spec.startFrom());
  }

  @Test
  void everyFieldIsRead() {
    KafkaSourceSpec spec =
        spec(
            "{'topics': ['a', 'b', 'a'], 'format': 'confluent-avro', 'nameField': '/type',"
                + " 'idHeader': 'message-id', 'payloadField': '/order', 'headers': ['traceparent'],"
                + " 'startFrom': 'earliest', 'registry': {'url': 'https://registry:8081/',"
                + " 'username': 'runlog', 'passwordEnv': 'REGISTRY_PASSWORD', 'truststore':"
                + " {'path': '/etc/ts.p12', 'passwordEnv': 'TS_PASSWORD'}}}");
    assertEquals(List.of("a", "b"), spec.topics(), "a topic named twice is read once");
    assertEquals(ValueFormat.CONFLUENT_AVRO, spec.format());
    assertEquals(new Selector.FromField("/type"), spec.name());
    assertEquals(Optional.of(new Selector.FromHeader("message-id")), spec.id());
    assertEquals(Optional.of("/order"), spec.payloadField());
    assertEquals(List.of("traceparent"), spec.headers());
    assertEquals(KafkaSourceSpec.StartFrom.EARLIEST, spec.startFrom());
    var registry = spec.registry().orElseThrow();
    assertEquals("https://registry:8081/", registry.url().toString());
    assertEquals(Optional.of("runlog"), registry.username());
    assertEquals(Optional.of("REGISTRY_PASSWORD"), registry.passwordEnv());
    assertEquals("PKCS12", registry.truststore().orElseThrow().type());
    assertEquals(Optional.of("TS_PASSWORD"), registry.truststore().orElseThrow().passwordEnv());
  }

  @Test
  void avroSchemasAreParsedWhenTheSpecIs() {
    KafkaSourceSpec spec =
        spec(
            "{'topics': ['t'], 'format': 'avro', 'name': 'n', 'avroSchemas': [{'type': 'record',"
                + " 'name': 'Order', 'fields': [{'name': 'item', 'type': 'string'}]}]}");
    assertEquals("Order", spec.avroSchemas().get(0).getName());
    assertTrue(
        error(
                "{'topics': ['t'], 'format': 'avro', 'name': 'n', 'avroSchemas': [{'type':"
                    + " 'record', 'name': 'Order', 'fields': [{'name': 'item', 'type':"
                    + " 'strin'}]}]}")
            .contains("\"avroSchemas\"[0] is not an Avro schema"));
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    assertEquals(
        "kafka source: the spec must be a JSON object with \"topics\"", error("['orders']"));
    assertTrue(error("{'name': 'n'}").contains("\"topics\" must name at least one topic"));
    assertTrue(error("{'topics': [], 'name': 'n'}").contains("at least one topic"));
    assertTrue(
        error("{'topics': ['has space'], 'name': 'n'}").contains("is not a topic name"),
        "Kafka's rule for topic names");
    assertEquals(
        new Selector.RecordTopic(), spec("{'topics': ['t']}").name(), "by default: the topic");
    assertTrue(
        error("{'topics': ['t'], 'name': 'n', 'nameHeader': 'h'}")
            .contains("give only one of \"name\", \"nameHeader\" and \"nameField\""));
    assertTrue(
        error("{'topics': ['t'], 'name': 'n', 'idField': 'id'}")
            .contains("\"id\" is not a JSON pointer: it starts with /"));
    assertTrue(
        error("{'topics': ['t'], 'name': 'n', 'format': 'xml'}")
            .contains("unknown \"format\" xml; one of json, avro, confluent-avro, confluent-json"));
    assertTrue(
        error("{'topics': ['t'], 'name': 'n', 'format': 'avro'}")
            .contains("format avro needs \"avroSchemas\""));
    assertTrue(
        error("{'topics': ['t'], 'name': 'n', 'format': 'confluent-avro'}")
            .contains("format confluent-avro needs \"registry\""));
    assertTrue(
        error("{'topics': ['t'], 'name': 'n', 'registry': {'url': 'http://r'}}")
            .contains("\"registry\" is for formats confluent-avro and confluent-json only"));
    assertTrue(
        error(
                "{'topics': ['t'], 'name': 'n', 'format': 'confluent-json', 'registry': {'url':"
                    + " 'ftp://r'}}")
            .contains("must be an http:// or https:// URL"));
    assertTrue(
        error(
                "{'topics': ['t'], 'name': 'n', 'format': 'confluent-json', 'registry': {'url':"
                    + " 'http://u:secret@r'}}")
            .contains("must not hold credentials"));
    assertTrue(
        error("{'topics': ['t'], 'name': 'n', 'startFrom': 'now'}")
            .contains("\"startFrom\" must be earliest or latest"));
    assertTrue(
        error("{'topics': ['t'], 'name': 'n', 'topic': 'x'}").contains("unknown field \"topic\""),
        "a typo is not ignored");
  }
}
