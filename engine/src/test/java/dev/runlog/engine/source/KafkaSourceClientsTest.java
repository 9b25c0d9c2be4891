package dev.runlog.engine.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.kafka.KafkaSourceSpec;
import dev.runlog.protocol.topic.Topics;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSourceClientsTest {
  private final KafkaSourceClients clients =
      new KafkaSourceClients(
          Map.of(
              "bootstrap.servers",
              "b:9092",
              "security.protocol",
              "SASL_SSL",
              "sasl.mechanism",
              "PLAIN"),
          "runlog-engine",
          "instance-1",
          new Topics("runlog"),
          10_000);

  @Test
  void theConsumerReadsCommittedInItsSourcesGroupAndCreatesNoTopic() throws Exception {
    KafkaSourceSpec spec =
        KafkaSourceSpec.parse(
            new ObjectMapper()
                .readTree(
                    "{\"topics\": [\"orders\"], \"name\": \"n\", \"startFrom\": \"earliest\"}"));
    Properties consumer = clients.consumer("orders", spec);
    assertEquals("runlog-engine.source.orders", consumer.get("group.id"));
    assertEquals("instance-1", consumer.get("group.instance.id"));
    assertEquals("read_committed", consumer.get("isolation.level"));
    assertEquals(false, consumer.get("enable.auto.commit"));
    assertEquals(false, consumer.get("allow.auto.create.topics"));
    assertEquals("earliest", consumer.get("auto.offset.reset"));
    assertEquals("SASL_SSL", consumer.get("security.protocol"), "the engine's security settings");
    assertEquals("b:9092", consumer.get("bootstrap.servers"));
  }

  @Test
  void theProducerIsTransactionalPerSourceAndInstance() {
    Properties producer = clients.producer("orders");
    assertEquals("runlog-engine.source.orders.instance-1", producer.get("transactional.id"));
    assertEquals("all", producer.get("acks"));
    assertEquals("PLAIN", producer.get("sasl.mechanism"));
  }
}
