package dev.runlog.cli.it;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The official Apache Kafka image, of the version runlog is built with, set up as the compose file
 * sets it up.
 */
final class KafkaContainers {
  /** apache/kafka:&lt;the build's kafka.version&gt;, the image the compose file names. */
  static final DockerImageName IMAGE =
      DockerImageName.parse("apache/kafka:" + System.getProperty("kafka.version"));

  private KafkaContainers() {}

  /**
   * One KRaft node; internal topics with one replica (exactly-once needs it) and no first-join
   * delay.
   */
  static KafkaContainer singleNode() {
    return new KafkaContainer(IMAGE)
        .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
  }
}
