package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.KafkaRecord;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import dev.runlog.testkit.ThreeBrokers;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery contract when a broker of a three-broker cluster (replication factor 3, two replicas
 * in sync per write) stops without handing over its leaderships, under steady load, and comes back
 * later: every run succeeds, no task output is recorded twice, and every task's side effect happens
 * exactly once (no worker dies), a Kafka send of each run's included. And the engine rides out the
 * failover: its stream thread is not fenced and keeps its tasks. How long runs stalled is printed,
 * not asserted.
 */
class ThreeBrokerIT {
  private static final String PREFIX = "three";
  private static final int TASKS = 3;
  private static final String OUT = PREFIX + ".out";

  /**
   * Runs whose last task must have run in each phase (before the stop, with two brokers, after the
   * restart).
   */
  private static final int PROGRESS = 30;

  /**
   * Runs under way at once: the load keeps this many in flight (a steady load the machine can
   * follow, not a growing backlog).
   */
  private static final int IN_FLIGHT = 12;

  private static final Duration PHASE_DEADLINE = Duration.ofSeconds(90);

  record Order(int n) {}

  @Test
  void aBrokerStoppedUnderLoadLosesNoRunAndDuplicatesNoTask(@TempDir Path dir) throws Exception {
    SideEffects sideEffects = new SideEffects();
    AtomicInteger lastTasks = new AtomicInteger();
    Job<Order> job =
        Job.define(
            "cluster",
            "cluster.run",
            Order.class,
            (order, io, ctx) -> {
              for (int t = 0; t < TASKS; t++) {
                String key = "t" + t;
                boolean last = t == TASKS - 1;
                io.runTask(
                    key,
                    Integer.class,
                    () -> {
                      sideEffects.happened(ctx.runId(), key);
                      if (last) {
                        lastTasks.incrementAndGet();
                      }
                      return order.n();
                    });
              }
              // exactly once through the failover too: Kafka's transient errors are not the
              // task's (the job has no retries: as a failed attempt, one would fail the run)
              io.kafka().send("notify", OUT, KafkaRecord.of(ctx.runId(), order.n()));
              return order.n();
            });
    try (ThreeBrokers cluster = new ThreeBrokers()) {
      try (Admin admin = cluster.admin()) {
        admin
            .createTopics(List.of(new NewTopic(OUT, 3, (short) 3)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      EngineConfig config =
          new EngineConfig(
              cluster.bootstrapServers(),
              PREFIX,
              PREFIX + "-engine",
              dir.resolve("engine"),
              0,
              "localhost",
              "exactly_once_v2",
              10,
              3,
              (short) 3,
              1,
              50,
              Map.of());
      WorkerConfig workerConfig =
          WorkerConfig.of(cluster.bootstrapServers())
              .withTopicPrefix(PREFIX)
              .withWorkerId("w")
              .withKafka(
                  Map.of(
                      "session.timeout.ms",
                      "6000",
                      "heartbeat.interval.ms",
                      "1000",
                      "max.poll.interval.ms",
                      "6000"));
      Map<String, Instant> sentAt = new ConcurrentHashMap<>();
      Instant stoppedAt; // when the broker began to stop: clients lose it then
      Instant restartedAt;
      try (RunlogEngine engine = RunlogEngine.start(config);
          Worker worker = Worker.start(workerConfig, List.of(job));
          RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), PREFIX, Map.of());
          Load load = new Load(client, sentAt, lastTasks)) {
        Api api = new Api(engine.url());
        api.awaitJob("cluster");
        assertEveryTopicIsReplicatedThreeTimesWithTwoInSync(cluster);

        Instant loadStartedAt = Instant.now();
        load.start();
        awaitProgress("runs before the stop", lastTasks, PROGRESS, load);

        Map<String, Double> beforeStop = streamThreadMetrics();
        System.out.printf("[three-broker] engine stream thread before the stop: %s%n", beforeStop);
        int victim = cluster.leaders(new Topics(PREFIX).runEvents().name()).get(0);
        stoppedAt = Instant.now();
        cluster.stopBroker(victim);
        int atStop = lastTasks.get();
        System.out.printf(
            "[three-broker] stopped broker %d (leader of run-events-0) in %d ms; before it, %d runs sent and %d done in %d ms%n",
            victim,
            since(stoppedAt),
            load.sent(),
            atStop,
            Duration.between(loadStartedAt, stoppedAt).toMillis());
        cluster.awaitTopics(
            "leaders off the stopped broker",
            PHASE_DEADLINE,
            p -> p.leader() != null && p.leader().id() != victim);
        System.out.printf(
            "[three-broker] every partition led by a live broker %d ms after the stop%n",
            since(stoppedAt));
        awaitProgress("runs with two brokers", lastTasks, atStop + PROGRESS, load);
        System.out.printf(
            "[three-broker] %d more last tasks %d ms after the stop%n", PROGRESS, since(stoppedAt));

        cluster.startBroker(victim);
        restartedAt = Instant.now();
        cluster.awaitTopics(
            "three replicas in sync again",
            PHASE_DEADLINE,
            p -> p.isr().size() == ThreeBrokers.BROKERS);
        System.out.printf(
            "[three-broker] broker %d back, every partition fully in sync %d ms after its restart%n",
            victim, since(restartedAt));
        awaitProgress("runs after the restart", lastTasks, lastTasks.get() + PROGRESS, load);
        load.stop();
        assertNull(load.failure(), "a trigger could not be sent");
        double tasksClosed = streamThreadMetrics().get(TASKS_CLOSED) - beforeStop.get(TASKS_CLOSED);

        int runs = load.sent();
        api.await(
            "/api/jobs",
            r ->
                r.status() == 200
                    && r.body().path("jobs").size() == 1
                    && r.body().path("jobs").get(0).path("counts").path("SUCCESS").asInt() == runs);
        for (String runId : sentAt.keySet()) {
          assertEquals(
              "SUCCESS", api.get("/api/runs/" + runId).body().path("status").asText(), runId);
          Map<String, Integer> accepted = new HashMap<>();
          for (JsonNode e : api.get("/api/runs/" + runId + "/events").body().path("events")) {
            if ("TaskCompleted".equals(e.path("type").asText()) && e.path("ignored").isNull()) {
              accepted.merge(e.path("body").path("key").asText(), 1, Integer::sum);
            }
          }
          assertEquals(TASKS + 1, accepted.size(), runId + " lacks a task: " + accepted);
          accepted.forEach(
              (key, n) -> assertEquals(1, n, runId + "/" + key + " recorded " + n + " times"));
        }
        Map<String, Integer> sent = new HashMap<>(); // every run ended: its send is committed
        FailoverReport.committed(cluster.bootstrapServers(), OUT)
            .forEach(record -> sent.merge(record.key(), 1, Integer::sum));
        assertEquals(sentAt.keySet(), sent.keySet());
        sent.forEach((runId, n) -> assertEquals(1, n, runId + "'s record written " + n + " times"));
        sideEffects.assertEachOnce(runs * TASKS);
        System.out.printf(
            "[three-broker] %d runs, all SUCCESS, each of their %d tasks run and recorded once%n",
            runs, TASKS);
        FailoverReport.print(
            FailoverReport.runEvents(cluster.bootstrapServers(), PREFIX),
            sentAt,
            stoppedAt,
            restartedAt);
        // Fenced (its transaction outlived transaction.timeout.ms while a leader was gone), a
        // stream
        // thread drops every task and rejoins its group: measured here, a minute without progress.
        assertEquals(0, tasksClosed, "the engine dropped its tasks during the broker's failover");
      }
    }
  }

  /**
   * RF 3 everywhere (runlog's topics, Streams' internal ones, offsets, transactions),
   * min.insync.replicas 2.
   */
  private static void assertEveryTopicIsReplicatedThreeTimesWithTwoInSync(ThreeBrokers cluster)
      throws Exception {
    List<TopicDescription> topics = cluster.describeAll();
    assertTrue(
        topics.stream().anyMatch(t -> t.name().equals("__transaction_state")),
        "no transaction has run yet");
    assertTrue(
        topics.stream().anyMatch(t -> t.name().contains("-changelog")), "no Streams changelog yet");
    for (TopicDescription t : topics) {
      t.partitions()
          .forEach(p -> assertEquals(3, p.replicas().size(), t.name() + "-" + p.partition()));
    }
    try (Admin admin = cluster.admin()) {
      List<ConfigResource> resources =
          topics.stream()
              .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
              .toList();
      admin
          .describeConfigs(resources)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach(
              (resource, configs) ->
                  assertEquals("2", configs.get("min.insync.replicas").value(), resource.name()));
    }
  }

  private static void awaitProgress(String what, AtomicInteger counter, int target, Load load) {
    await(what, () -> counter.get() >= target || load.failure() != null);
    assertNull(load.failure(), "a trigger could not be sent");
  }

  private static void await(String what, BooleanSupplier done) {
    Instant deadline = Instant.now().plus(PHASE_DEADLINE);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + ": not done within " + PHASE_DEADLINE);
      }
      Api.pause();
    }
  }

  private static long since(Instant t) {
    return Duration.between(t, Instant.now()).toMillis();
  }

  private static final String TASKS_CLOSED = "task-closed-total";

  /**
   * The engine's stream-thread metrics that explain its pace, and how many tasks it closed (the
   * engine runs in this JVM: read over JMX, summed over its stream threads).
   */
  private static Map<String, Double> streamThreadMetrics() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Map<String, Double> metrics = new java.util.TreeMap<>();
      for (ObjectName name :
          server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
        List<String> present =
            Arrays.stream(server.getMBeanInfo(name).getAttributes())
                .map(MBeanAttributeInfo::getName)
                .toList();
        for (String attribute :
            List.of(
                "commit-rate",
                "commit-latency-avg",
                "commit-ratio",
                "process-rate",
                "process-records-avg",
                "poll-records-avg",
                TASKS_CLOSED)) {
          if (present.contains(attribute)) {
            double value = ((Number) server.getAttribute(name, attribute)).doubleValue();
            metrics.merge(attribute, Math.round(value * 100) / 100.0, Double::sum);
          }
        }
      }
      return metrics;
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the engine's metrics", e);
    }
  }

  /**
   * A producer thread that keeps {@link #IN_FLIGHT} runs under way (sent, last task not yet run)
   * until closed.
   */
  private static final class Load implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    Load(RunlogClient client, Map<String, Instant> sentAt, AtomicInteger finished) {
      this.thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; running.get(); ) {
                    if (sent.get() - finished.get() >= IN_FLIGHT) {
                      LockSupport.parkNanos(
                          Duration.ofMillis(2).toNanos()); // paces the load; nothing waits on it
                      continue;
                    }
                    String eventId = "evt-" + i++;
                    sentAt.put(RunIds.of(eventId, "cluster"), Instant.now());
                    client.send("cluster.run", eventId, new Order(i), null);
                    sent.incrementAndGet();
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "three-broker-load");
    }

    void start() {
      thread.start();
    }

    int sent() {
      return sent.get();
    }

    Throwable failure() {
      return failure.get();
    }

    void stop() {
      running.set(false);
      try {
        thread.join(Api.DEADLINE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      stop();
    }
  }
}
