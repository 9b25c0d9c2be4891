package dev.runlog.connectors.registry;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The registry contract against Confluent's own Schema Registry (its image, on the official Kafka
 * image), where Docker exists; skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfluentRegistryIT extends RegistryContract {
  private static final String BOOTSTRAP = "kafka:19092";
  private Network network;
  private KafkaContainer kafka;
  private GenericContainer<?> registry;

  @BeforeAll
  void start() {
    network = Network.newNetwork();
    kafka =
        new KafkaContainer(
                DockerImageName.parse("apache/kafka:" + System.getProperty("kafka.version")))
            .withNetwork(network)
            .withListener(BOOTSTRAP)
            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    kafka.start();
    registry =
        new GenericContainer<>(DockerImageName.parse("confluentinc/cp-schema-registry:7.9.0"))
            .withNetwork(network)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", BOOTSTRAP)
            .withExposedPorts(8081)
            .waitingFor(
                Wait.forHttp("/subjects")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(2)));
    registry.start();
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.stop();
    }
    if (kafka != null) {
      kafka.stop();
    }
    if (network != null) {
      network.close();
    }
  }

  @Override
  String url() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
  }
}
