package dev.runlog.engine.source;

import dev.runlog.connectors.kafka.KafkaSourceSpec;
import dev.runlog.protocol.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings of a Kafka topic source's consumer and transactional producer on this
 * instance, from the engine's own (bootstrap servers, security: SASL and TLS work as they do for
 * the engine).
 *
 * @param client the engine's client settings: {@code bootstrap.servers} and its {@code kafka.*}
 * @param applicationId the engine's application id: groups and transactional ids start with it
 * @param instanceId this instance's id, unique among live instances
 * @param sessionTimeoutMs the engine's {@code session.timeout.ms}
 */
public record KafkaSourceClients(
    Map<String, Object> client,
    String applicationId,
    String instanceId,
    Topics topics,
    int sessionTimeoutMs) {

  /**
   * 15 s, as the engine's own producers: about how long a killed instance's open transaction holds
   * back the engine's read_committed readers of the triggers (a restart aborts it at once).
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

  static final Duration MAX_BLOCK = Duration.ofSeconds(15);

  public KafkaSourceClients {
    client = Map.copyOf(client);
  }

  /** The consumer group of source {@code sourceId}, shared by every engine instance. */
  public String group(String sourceId) {
    return applicationId + ".source." + sourceId;
  }

  /**
   * The transactional id of source {@code sourceId}'s producer here: one per source and instance,
   * so that a restarted instance aborts what its previous life left open.
   */
  public String transactionalId(String sourceId) {
    return group(sourceId) + "." + instanceId;
  }

  Properties consumer(String sourceId, KafkaSourceSpec spec) {
    Properties p = base();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group(sourceId));
    // static membership: a restarted instance takes its partitions back at once (no session wait)
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-source-" + sourceId + "-consumer");
    // offsets are committed in the producer's transaction, with the triggers they made
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        spec.startFrom() == KafkaSourceSpec.StartFrom.EARLIEST ? "earliest" : "latest");
    // a source naming a topic that does not exist must fail, not create it
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(1, sessionTimeoutMs / 3));
    return p;
  }

  Properties producer(String sourceId) {
    Properties p = base();
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(sourceId));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, applicationId + "-source-" + sourceId + "-producer");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
    // a cluster out of reach fails the session (FAILING, then a retry) in 15 s rather than 60
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
    return p;
  }

  private Properties base() {
    Properties p = new Properties();
    p.putAll(client);
    return p;
  }
}
