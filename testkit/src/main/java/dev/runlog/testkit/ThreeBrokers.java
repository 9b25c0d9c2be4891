package dev.runlog.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Three brokers and one dedicated controller in the test JVM (Kafka's own {@link
 * KafkaClusterTestKit}), set up as a small production cluster: every topic three replicas, two of
 * them in sync before a write is acknowledged. A broker can be stopped and started again.
 *
 * <p>Why these choices: combined broker+controller nodes fail in 4.3.0's kit (the follower
 * controllers' raft threads die), so the controller has its own node; the kit's default metadata
 * version is an unstable one, so the production one is pinned, and the kit's "unstable API
 * versions" are turned off so clients negotiate what a real cluster offers.
 */
public final class ThreeBrokers implements AutoCloseable {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  public static final int BROKERS = 3;
  private final Path dir;
  private final KafkaClusterTestKit kit;
  private boolean closed;

  public ThreeBrokers() {
    try {
      this.dir = Files.createTempDirectory("runlog-3brokers");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaClusterTestKit started = null;
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(false)
              .setNumControllerNodes(1)
              .setNumBrokerNodes(BROKERS)
              .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
              .setBaseDirectory(dir)
              .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
      brokerSettings().forEach(builder::setConfigProp);
      started = builder.build();
      started.format();
      started.startup();
      started.waitForReadyBrokers();
      this.kit = started;
    } catch (Exception e) {
      if (started != null) {
        closeQuietly(started);
      }
      Dirs.deleteRecursively(dir);
      throw new IllegalStateException("the three-broker cluster did not start", e);
    }
  }

  private static Map<String, Object> brokerSettings() {
    return Map.ofEntries(
        // what makes a broker loss survivable without losing an acknowledged write
        Map.entry("default.replication.factor", "3"),
        Map.entry("min.insync.replicas", "2"),
        Map.entry("offsets.topic.replication.factor", "3"),
        Map.entry("transaction.state.log.replication.factor", "3"),
        Map.entry("transaction.state.log.min.isr", "2"),
        Map.entry("unclean.leader.election.enable", "false"),
        // A stopped broker leaves as a crashed one does: its leaderships are not handed over first,
        // the controller fences it when its heartbeats stop (broker.session.timeout.ms, 9 s).
        Map.entry("controlled.shutdown.enable", "false"),
        Map.entry("unstable.api.versions.enable", "false"),
        Map.entry("unstable.feature.versions.enable", "false"),
        // A few coordinator partitions (not 50 each): enough that the stopped broker leads some.
        Map.entry("offsets.topic.num.partitions", "3"),
        Map.entry("transaction.state.log.num.partitions", "3"),
        Map.entry("share.coordinator.state.topic.num.partitions", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("auto.create.topics.enable", "false"),
        // cheap on a 2-core machine
        Map.entry("num.network.threads", "1"),
        Map.entry("num.io.threads", "2"),
        Map.entry("background.threads", "2"),
        Map.entry("num.replica.fetchers", "1"),
        Map.entry("log.cleaner.threads", "1"));
  }

  public String bootstrapServers() {
    return kit.bootstrapServers();
  }

  /**
   * Starts a cluster, prints its bootstrap servers and keeps it until the process ends (Ctrl-C),
   * for what measures runlog on three brokers by hand: {@code mvn -q -pl testkit exec:java
   * -Dexec.mainClass=dev.runlog.testkit.ThreeBrokers}, then {@code ./runlog bench
   * --bootstrap-servers <them>}.
   */
  public static void main(String[] args) throws InterruptedException {
    ThreeBrokers cluster = new ThreeBrokers();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "three-brokers-stop"));
    System.out.println(cluster.bootstrapServers());
    new java.util.concurrent.CountDownLatch(1).await(); // until the process is stopped
  }

  public Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
  }

  /**
   * Stops broker {@code id} without handing its leaderships over (see controlled.shutdown.enable
   * above).
   */
  public void stopBroker(int id) {
    kit.brokers().get(id).shutdown();
    kit.brokers().get(id).awaitShutdown();
  }

  /** Starts broker {@code id} again, on its old port and log dirs. */
  public void startBroker(int id) {
    kit.brokers().get(id).startup();
  }

  /** The leader of each partition of {@code topic}, -1 where it has none. */
  public List<Integer> leaders(String topic) {
    TopicDescription d = describe(Set.of(topic)).get(0);
    List<Integer> leaders = new ArrayList<>();
    for (TopicPartitionInfo p : d.partitions()) {
      leaders.add(p.leader() == null ? -1 : p.leader().id());
    }
    return leaders;
  }

  /** Every topic of the cluster, internal ones included. */
  public List<TopicDescription> describeAll() {
    try (Admin admin = admin()) {
      Set<String> names =
          admin
              .listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
              .names()
              .get(30, TimeUnit.SECONDS);
      return List.copyOf(
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values());
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe the topics", e);
    }
  }

  /** Polls the topics until {@code done} holds for all of them, or fails at {@code deadline}. */
  public void awaitTopics(String what, Duration deadline, Predicate<TopicPartitionInfo> done) {
    Instant end = Instant.now().plus(deadline);
    List<String> behind = List.of();
    while (Instant.now().isBefore(end)) {
      behind =
          describeAll().stream()
              .flatMap(
                  t ->
                      t.partitions().stream()
                          .filter(p -> !done.test(p))
                          .map(p -> t.name() + "-" + p.partition()))
              .toList();
      if (behind.isEmpty()) {
        return;
      }
      LockSupport.parkNanos(POLL_NANOS); // paces a poll loop that has a deadline
    }
    throw new AssertionError(what + " never held for " + behind);
  }

  private List<TopicDescription> describe(Set<String> topics) {
    try (Admin admin = admin()) {
      return List.copyOf(
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values());
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe " + topics, e);
    }
  }

  /** Stops every node (once: the kit fails a second close) and deletes the data. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeQuietly(kit);
    } finally {
      Dirs.deleteRecursively(dir);
    }
  }

  private static void closeQuietly(KafkaClusterTestKit kit) {
    try {
      kit.close();
    } catch (Exception e) {
      throw new IllegalStateException("the cluster did not stop cleanly", e);
    }
  }
}
