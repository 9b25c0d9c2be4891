package dev.runlog.sdk;

import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.topic.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How a worker connects and what it takes on.
 *
 * <pre>{@code
 * WorkerConfig config = WorkerConfig.of("localhost:9092").withEnvironment("prod").withMaxConcurrentRuns(32);
 * }</pre>
 *
 * @param queue the queue whose executions topic it consumes; every worker of a queue must run the
 *     same jobs
 * @param maxConcurrentRuns runs executed at once; polling pauses above it
 * @param kafka extra Kafka client properties (security, timeouts), applied to every client it
 *     makes; its consumer's {@code session.timeout.ms}, how soon the executions of a worker that
 *     died reach another, is 10 s unless set here
 * @param settings other settings by name, read by {@link #setting}: integrations' ({@code
 *     slack.base.url}), {@code connections.key}
 */
public record WorkerConfig(
    String bootstrapServers,
    String topicPrefix,
    String queue,
    String workerId,
    String environment,
    String organization,
    int maxConcurrentRuns,
    Map<String, Object> kafka,
    Map<String, String> settings) {

  /** The keys {@link #from} reads, with their documentation and default, in the README's order. */
  public static final List<List<String>> KEYS =
      List.of(
          List.of("bootstrap.servers", "Kafka brokers to connect to.", "localhost:9092"),
          List.of(
              "topic.prefix",
              "Prefix of the runlog topics; the same as the engine's.",
              Topics.DEFAULT_PREFIX),
          List.of(
              "queue",
              "The queue whose executions it takes; every worker of a queue must run the same jobs.",
              JobDefinition.DEFAULT_QUEUE),
          List.of(
              "worker.id", "This worker's name in the run history and logs.", "worker-<random>"),
          List.of("environment", "The environment its jobs are registered in.", "dev"),
          List.of("organization", "The organization its jobs are registered in.", "default"),
          List.of("max.concurrent.runs", "Runs executed at once; polling pauses above it.", "16"),
          List.of(
              "connections.key",
              "The key managed connections are sealed with (base64 AES, 16, 24 or 32 bytes): the"
                  + " engine's connections.key. Without it, calls through a managed connection fail.",
              "none"),
          List.of(
              "auth.resolver.timeout.ms",
              "How long a job's auth resolver may take before the run ends UNRESOLVED_AUTH.",
              "10000"),
          List.of(
              "slack.base.url",
              "The Slack Web API that io.slack calls (a stand-in's address in tests and runlog"
                  + " dev).",
              "https://slack.com/api"));

  /** The keys of {@link #KEYS} that are components of the record; the others are settings. */
  private static final List<String> COMPONENT_KEYS =
      List.of(
          "bootstrap.servers",
          "topic.prefix",
          "queue",
          "worker.id",
          "environment",
          "organization",
          "max.concurrent.runs");

  public WorkerConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("a worker needs bootstrap servers");
    }
    if (maxConcurrentRuns < 1) {
      throw new IllegalArgumentException("maxConcurrentRuns must be at least 1");
    }
    kafka = Map.copyOf(kafka);
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  /** A configuration without other settings. */
  public WorkerConfig(
      String bootstrapServers,
      String topicPrefix,
      String queue,
      String workerId,
      String environment,
      String organization,
      int maxConcurrentRuns,
      Map<String, Object> kafka) {
    this(
        bootstrapServers,
        topicPrefix,
        queue,
        workerId,
        environment,
        organization,
        maxConcurrentRuns,
        kafka,
        Map.of());
  }

  /**
   * Setting {@code name}: from {@link #settings()}, else the environment variable {@code RUNLOG_} +
   * the name in capitals with dots as underscores ({@code slack.base.url}: {@code
   * RUNLOG_SLACK_BASE_URL}).
   */
  public Optional<String> setting(String name) {
    String value = settings.get(name);
    if (value == null) {
      value = System.getenv("RUNLOG_" + name.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  /** This configuration with setting {@code name} set to {@code value}. */
  public WorkerConfig withSetting(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(settings);
    all.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new WorkerConfig(
        bootstrapServers,
        topicPrefix,
        queue,
        workerId,
        environment,
        organization,
        maxConcurrentRuns,
        kafka,
        all);
  }

  /** This configuration with each of {@code more} set as {@link #withSetting} sets one. */
  public WorkerConfig withSettings(Map<String, String> more) {
    WorkerConfig config = this;
    for (Map.Entry<String, String> e : more.entrySet()) {
      config = config.withSetting(e.getKey(), e.getValue());
    }
    return config;
  }

  /**
   * Defaults: prefix {@code runlog}, the default queue, environment {@code dev}, 16 runs at once.
   */
  public static WorkerConfig of(String bootstrapServers) {
    return new WorkerConfig(
        bootstrapServers,
        Topics.DEFAULT_PREFIX,
        JobDefinition.DEFAULT_QUEUE,
        "worker-" + UUID.randomUUID(),
        "dev",
        "default",
        16,
        Map.of());
  }

  /**
   * Reads the {@link #KEYS} from {@code settings}; missing ones take their defaults, and every
   * {@code kafka.<property>} is passed to the worker's Kafka clients without the prefix.
   *
   * <pre>{@code
   * WorkerConfig config = WorkerConfig.from(Map.of("bootstrap.servers", "kafka:9092", "queue", "billing"));
   * }</pre>
   */
  public static WorkerConfig from(Map<String, String> settings) {
    WorkerConfig d = of(settings.getOrDefault("bootstrap.servers", "localhost:9092"));
    Map<String, Object> kafka = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith("kafka.")) {
            kafka.put(key.substring("kafka.".length()), value);
          }
        });
    String max =
        settings.getOrDefault("max.concurrent.runs", String.valueOf(d.maxConcurrentRuns()));
    int maxRuns;
    try {
      maxRuns = Integer.parseInt(max.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("max.concurrent.runs must be a whole number: " + max);
    }
    return new WorkerConfig(
        d.bootstrapServers(),
        settings.getOrDefault("topic.prefix", d.topicPrefix()),
        settings.getOrDefault("queue", d.queue()),
        settings.getOrDefault("worker.id", d.workerId()),
        settings.getOrDefault("environment", d.environment()),
        settings.getOrDefault("organization", d.organization()),
        maxRuns,
        kafka,
        others(settings));
  }

  public WorkerConfig withTopicPrefix(String prefix) {
    return new WorkerConfig(
        bootstrapServers,
        prefix,
        queue,
        workerId,
        environment,
        organization,
        maxConcurrentRuns,
        kafka,
        settings);
  }

  public WorkerConfig withQueue(String name) {
    return new WorkerConfig(
        bootstrapServers,
        topicPrefix,
        name,
        workerId,
        environment,
        organization,
        maxConcurrentRuns,
        kafka,
        settings);
  }

  public WorkerConfig withWorkerId(String id) {
    return new WorkerConfig(
        bootstrapServers,
        topicPrefix,
        queue,
        id,
        environment,
        organization,
        maxConcurrentRuns,
        kafka,
        settings);
  }

  public WorkerConfig withEnvironment(String env) {
    return new WorkerConfig(
        bootstrapServers,
        topicPrefix,
        queue,
        workerId,
        env,
        organization,
        maxConcurrentRuns,
        kafka,
        settings);
  }

  public WorkerConfig withOrganization(String org) {
    return new WorkerConfig(
        bootstrapServers,
        topicPrefix,
        queue,
        workerId,
        environment,
        org,
        maxConcurrentRuns,
        kafka,
        settings);
  }

  public WorkerConfig withMaxConcurrentRuns(int max) {
    return new WorkerConfig(
        bootstrapServers,
        topicPrefix,
        queue,
        workerId,
        environment,
        organization,
        max,
        kafka,
        settings);
  }

  public WorkerConfig withKafka(Map<String, Object> properties) {
    return new WorkerConfig(
        bootstrapServers,
        topicPrefix,
        queue,
        workerId,
        environment,
        organization,
        maxConcurrentRuns,
        properties,
        settings);
  }

  /** The settings that are neither components of the record nor {@code kafka.*}. */
  private static Map<String, String> others(Map<String, String> settings) {
    Map<String, String> others = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> {
          if (!key.startsWith("kafka.") && !COMPONENT_KEYS.contains(key)) {
            others.put(key, value);
          }
        });
    return others;
  }

  /** Its settings, with the values of secret ones ({@code connections.key}, ...) masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    settings.forEach((k, v) -> shown.put(k, secret(k) ? "***" : v));
    Map<String, Object> shownKafka = new LinkedHashMap<>();
    kafka.forEach((k, v) -> shownKafka.put(k, secret(k) ? "***" : v));
    return "WorkerConfig[bootstrapServers="
        + bootstrapServers
        + ", topicPrefix="
        + topicPrefix
        + ", queue="
        + queue
        + ", workerId="
        + workerId
        + ", environment="
        + environment
        + ", organization="
        + organization
        + ", maxConcurrentRuns="
        + maxConcurrentRuns
        + ", kafka="
        + shownKafka
        + ", settings="
        + shown
        + "]";
  }

  private static boolean secret(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("key")
        || n.contains("secret")
        || n.contains("password")
        || n.contains("token")
        || n.contains("jaas");
  }

  Topics topics() {
    return new Topics(topicPrefix);
  }
}
