package dev.runlog.engine.dev;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.broker.EmbeddedKafka;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.JobProvider;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The whole system in one process for development: a real single-node Kafka broker, the engine with
 * its REST API, and a worker running every job found on the classpath ({@link JobProvider}). Data
 * is kept under {@code dataDir}, so a restart still shows the earlier runs.
 */
public final class DevMode implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final RunlogEngine engine;
  private final Worker worker;
  private final List<Job<?>> jobs;

  private DevMode(Path dataDir, int kafkaPort, int httpPort, String topicPrefix) {
    this.kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort);
    RunlogEngine startedEngine = null;
    try {
      EngineConfig defaults = EngineConfig.defaults(kafka.bootstrapServers(), dataDir.resolve("engine"));
      EngineConfig config = new EngineConfig(defaults.bootstrapServers(), topicPrefix, topicPrefix + "-engine", defaults.stateDir(),
          httpPort, defaults.advertisedHost(), defaults.processingGuarantee(), defaults.commitIntervalMs(), 3, (short) 1, 1, defaults.timerTickMs(), defaults.kafka());
      startedEngine = RunlogEngine.start(config);
      this.jobs = discoverJobs();
      this.worker = Worker.start(WorkerConfig.of(kafka.bootstrapServers()).withTopicPrefix(topicPrefix).withWorkerId("dev-worker"), jobs);
      this.engine = startedEngine;
    } catch (RuntimeException e) {
      if (startedEngine != null) {
        startedEngine.close();
      }
      kafka.close();
      throw e;
    }
  }

  public static DevMode start(Path dataDir, int kafkaPort, int httpPort, String topicPrefix) {
    return new DevMode(dataDir, kafkaPort, httpPort, topicPrefix);
  }

  public String url() {
    return engine.url();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public List<Job<?>> jobs() {
    return jobs;
  }

  /** What to paste to send the first event. */
  public String curlExample() {
    return "curl -s -X POST " + url() + "/api/events -H 'Content-Type: application/json' "
        + "-d '{\"name\": \"demo.hello\", \"payload\": {\"name\": \"Ada\"}}'";
  }

  @Override
  public void close() {
    worker.close();
    engine.close();
    kafka.close();
  }

  private static List<Job<?>> discoverJobs() {
    List<Job<?>> found = new ArrayList<>();
    for (JobProvider provider : ServiceLoader.load(JobProvider.class)) {
      found.addAll(provider.jobs());
    }
    return found;
  }
}
