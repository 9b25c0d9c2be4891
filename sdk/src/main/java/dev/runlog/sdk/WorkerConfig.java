package dev.runlog.sdk;

import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.topic.Topics;
import java.util.Map;
import java.util.UUID;

/**
 * How a worker connects and what it takes on.
 *
 * <pre>{@code
 * WorkerConfig config = WorkerConfig.of("localhost:9092").withEnvironment("prod").withMaxConcurrentRuns(32);
 * }</pre>
 *
 * @param queue the queue whose executions topic it consumes; every worker of a queue must run the same jobs
 * @param maxConcurrentRuns runs executed at once; polling pauses above it
 * @param kafka extra Kafka client properties (security, timeouts), applied to every client it makes; its consumer's
 *     {@code session.timeout.ms}, how soon the executions of a worker that died reach another, is 10 s unless set here
 */
public record WorkerConfig(
    String bootstrapServers,
    String topicPrefix,
    String queue,
    String workerId,
    String environment,
    String organization,
    int maxConcurrentRuns,
    Map<String, Object> kafka) {

  public WorkerConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("a worker needs bootstrap servers");
    }
    if (maxConcurrentRuns < 1) {
      throw new IllegalArgumentException("maxConcurrentRuns must be at least 1");
    }
    kafka = Map.copyOf(kafka);
  }

  /** Defaults: prefix {@code runlog}, the default queue, environment {@code dev}, 16 runs at once. */
  public static WorkerConfig of(String bootstrapServers) {
    return new WorkerConfig(bootstrapServers, Topics.DEFAULT_PREFIX, JobDefinition.DEFAULT_QUEUE, "worker-" + UUID.randomUUID(),
        "dev", "default", 16, Map.of());
  }

  public WorkerConfig withTopicPrefix(String prefix) {
    return new WorkerConfig(bootstrapServers, prefix, queue, workerId, environment, organization, maxConcurrentRuns, kafka);
  }

  public WorkerConfig withQueue(String name) {
    return new WorkerConfig(bootstrapServers, topicPrefix, name, workerId, environment, organization, maxConcurrentRuns, kafka);
  }

  public WorkerConfig withWorkerId(String id) {
    return new WorkerConfig(bootstrapServers, topicPrefix, queue, id, environment, organization, maxConcurrentRuns, kafka);
  }

  public WorkerConfig withEnvironment(String env) {
    return new WorkerConfig(bootstrapServers, topicPrefix, queue, workerId, env, organization, maxConcurrentRuns, kafka);
  }

  public WorkerConfig withOrganization(String org) {
    return new WorkerConfig(bootstrapServers, topicPrefix, queue, workerId, environment, org, maxConcurrentRuns, kafka);
  }

  public WorkerConfig withMaxConcurrentRuns(int max) {
    return new WorkerConfig(bootstrapServers, topicPrefix, queue, workerId, environment, organization, max, kafka);
  }

  public WorkerConfig withKafka(Map<String, Object> properties) {
    return new WorkerConfig(bootstrapServers, topicPrefix, queue, workerId, environment, organization, maxConcurrentRuns, properties);
  }

  Topics topics() {
    return new Topics(topicPrefix);
  }
}
