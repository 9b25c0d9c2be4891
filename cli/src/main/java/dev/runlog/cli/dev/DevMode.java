package dev.runlog.cli.dev;

import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.slack.Slack;
import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.protocol.topic.TopicSetup;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.JobProvider;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import dev.runlog.testkit.EmbeddedKafka;
import dev.runlog.testkit.http.SlackStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The whole system in one process for development: a real single-node Kafka broker, the engine with
 * its REST API, and a worker running every job found on the classpath ({@link JobProvider}). Data
 * is kept under {@code dataDir}, so a restart still shows the earlier runs, and opens the
 * connections stored before (their key is kept there too, see {@link DevKey}).
 */
public final class DevMode implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final RunlogEngine engine;
  private final Worker worker;
  private final SlackStandIn slack;
  private final List<Job<?>> jobs;
  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

  private DevMode(
      Path dataDir, int kafkaPort, int httpPort, String topicPrefix, List<Job<?>> userJobs) {
    this.kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort, DevIdle.broker());
    // Slack cannot be reached from every machine: unless told where Slack is, the star job posts to
    // a stand-in that logs what it gets
    this.slack =
        System.getenv("RUNLOG_SLACK_BASE_URL") == null ? SlackStandIn.startLogging() : null;
    RunlogEngine startedEngine = null;
    try {
      // the engine seals connections with it, the worker opens them with it
      String connectionsKey = DevKey.of(dataDir, System.getenv());
      EngineConfig defaults =
          EngineConfig.defaults(kafka.bootstrapServers(), dataDir.resolve("engine"));
      Properties client = new Properties();
      client.put("bootstrap.servers", kafka.bootstrapServers());
      int partitions =
          DevIdle.partitions(
              TopicSetup.partitions(client, new Topics(topicPrefix).triggers().name()));
      EngineConfig config =
          new EngineConfig(
                  defaults.bootstrapServers(),
                  topicPrefix,
                  topicPrefix + "-engine",
                  defaults.stateDir(),
                  httpPort,
                  defaults.advertisedHost(),
                  defaults.processingGuarantee(),
                  defaults.commitIntervalMs(),
                  partitions,
                  (short) 1,
                  1,
                  defaults.timerTickMs(),
                  DevIdle.engine())
              // this machine only, no API keys: a development engine is nobody else's to call
              .withRest(
                  RestSettings.loopback()
                      .withConnectionsKey(ConnectionCipher.fromBase64(connectionsKey)));
      this.jobs = allJobs(userJobs);
      // An event sent before the engine has the example jobs would match nothing: its API waits for
      // them from the start (a check added after start would leave a window in which it is ready).
      startedEngine =
          RunlogEngine.start(config, jobs.stream().map(Job::id).collect(Collectors.toSet()));
      this.worker =
          Worker.start(
              WorkerConfig.of(kafka.bootstrapServers())
                  .withTopicPrefix(topicPrefix)
                  .withWorkerId("dev-worker")
                  .withSetting("connections.key", connectionsKey)
                  .withSettings(slackSettings())
                  .withKafka(DevIdle.worker()),
              jobs);
      awaitReady(startedEngine);
      this.engine = startedEngine;
    } catch (RuntimeException e) {
      if (startedEngine != null) {
        startedEngine.close();
      }
      kafka.close();
      if (slack != null) {
        slack.close();
      }
      throw e;
    }
  }

  public static DevMode start(Path dataDir, int kafkaPort, int httpPort, String topicPrefix) {
    return start(dataDir, kafkaPort, httpPort, topicPrefix, List.of());
  }

  /** Also runs {@code userJobs} (from {@code runlog dev --jobs app.jar}) next to the examples. */
  public static DevMode start(
      Path dataDir, int kafkaPort, int httpPort, String topicPrefix, List<Job<?>> userJobs) {
    return new DevMode(dataDir, kafkaPort, httpPort, topicPrefix, userJobs);
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

  /** The address of the Slack stand-in the worker posts to, unless Slack's was set. */
  public Optional<String> slackStandIn() {
    return Optional.ofNullable(slack).map(SlackStandIn::baseUrl);
  }

  /** What to paste to add the Slack connection the star job waits for. */
  public String slackConnectionExample() {
    return "curl -s -X PUT "
        + url()
        + "/api/connections/slack -H 'Content-Type: application/json' "
        + "-d '{\"type\": \"bearer\", \"token\": \"xoxb-dev\"}'";
  }

  private Map<String, String> slackSettings() {
    return slack == null ? Map.of() : Map.of(Slack.BASE_URL_SETTING, slack.baseUrl());
  }

  /** What to paste to send the first event. */
  public String curlExample() {
    return "curl -s -X POST "
        + url()
        + "/api/events -H 'Content-Type: application/json' "
        + "-d '{\"name\": \"demo.hello\", \"payload\": {\"name\": \"Ada\"}}'";
  }

  /**
   * Blocks until the engine or the worker stops: after {@link #close()}, or after one failed (Kafka
   * Streams failed, the worker's consumer met an error it cannot get past). Returns why, if one
   * failed: nothing would run events any more, so {@code runlog dev} then exits.
   */
  public Optional<String> awaitStop() throws InterruptedException {
    return FirstStop.await(
        Map.of(
            "the engine stopped processing",
            engine::awaitStop,
            "the worker stopped taking runs",
            () -> worker.awaitStop().map(e -> Objects.toString(e.getMessage(), e.toString()))));
  }

  @Override
  public void close() {
    worker.close();
    engine.close();
    kafka.close();
    if (slack != null) {
      slack.close();
    }
  }

  /** Returns once the engine answers its API: it runs, and it has every example job. */
  private static void awaitReady(RunlogEngine engine) {
    Instant deadline = Instant.now().plus(READY_DEADLINE);
    Optional<String> reason = engine.notReadyReason();
    while (reason.isPresent()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "runlog dev did not get ready within "
                + READY_DEADLINE.toSeconds()
                + " s: "
                + reason.get());
      }
      LockSupport.parkNanos(
          Duration.ofMillis(20).toNanos()); // the global store catches up on its own thread
      reason = engine.notReadyReason();
    }
  }

  private static List<Job<?>> allJobs(List<Job<?>> userJobs) {
    List<Job<?>> found = new ArrayList<>(userJobs);
    Set<String> ids = userJobs.stream().map(Job::id).collect(Collectors.toSet());
    if (ids.size() != userJobs.size()) {
      throw new IllegalArgumentException(
          "two jobs with one id in --jobs: " + userJobs.stream().map(Job::id).toList());
    }
    for (JobProvider provider : ServiceLoader.load(JobProvider.class)) {
      provider.jobs().stream()
          .filter(job -> !ids.contains(job.id()))
          .forEach(found::add); // a user's job may replace an example
    }
    return found;
  }
}
