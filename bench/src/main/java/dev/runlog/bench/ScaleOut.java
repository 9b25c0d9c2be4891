package dev.runlog.bench;

import dev.runlog.engine.EngineConfig;
import dev.runlog.protocol.topic.TopicSetup;
import dev.runlog.sdk.WorkerConfig;
import dev.runlog.testkit.Dirs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The throughput workload scaled out: {@code n} engine instances and {@code n} workers, each in a
 * JVM of its own ({@link BenchNode}), against the benchmark's broker. It is measured with one
 * engine and one worker laid out the same way first, so that the ratio of the two is what the extra
 * instances add, not what leaving the benchmark's JVM costs. Each layout has topics and state of
 * its own (a fresh prefix): every instance starts caught up, so Kafka Streams spreads the tasks at
 * once instead of warming one instance up while another does all the work.
 */
final class ScaleOut {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleOut.class);
  private static final Duration START_DEADLINE = Duration.ofMinutes(3);

  private final String bootstrapServers;
  private final String prefix;
  private final BenchSettings settings;
  private final Path dir;

  ScaleOut(String bootstrapServers, String prefix, BenchSettings settings, Path dir) {
    this.bootstrapServers = bootstrapServers;
    this.prefix = prefix;
    this.settings = settings;
    this.dir = dir;
  }

  /** The throughput figures with 1 instance of each and with the settings' count, by count. */
  Map<String, Object> measure() throws Exception {
    int instances = settings.scaleOut().instances();
    Map<String, Object> figures = new LinkedHashMap<>();
    if (settings.scaleOut().againstOne()) {
      figures.put("1", layout(1));
    }
    figures.put(String.valueOf(instances), layout(instances));
    return figures;
  }

  private Map<String, Object> layout(int n) throws Exception {
    String layoutPrefix = prefix + "-x" + n;
    Path layoutDir = dir.resolve(layoutPrefix);
    List<ChildJvm> engines = new ArrayList<>();
    List<ChildJvm> workers = new ArrayList<>();
    try {
      long start = System.nanoTime();
      EngineConfig config = engineConfig(layoutPrefix, layoutDir);
      createTopics(config);
      for (int i = 0; i < n; i++) { // all at once: their starts overlap
        engines.add(engine(layoutPrefix, layoutDir.resolve("engine-" + i), i));
        workers.add(worker(layoutPrefix, i));
      }
      List<String> urls = new ArrayList<>();
      for (ChildJvm engine : engines) {
        urls.add(engine.awaitReady(START_DEADLINE).group(1));
      }
      for (ChildJvm worker : workers) {
        worker.awaitReady(START_DEADLINE);
      }
      awaitGroups(config, n);
      LOG.info(
          "{} engine(s) and {} worker(s) in JVMs of their own ready in {} s",
          n,
          n,
          String.format("%.1f", (System.nanoTime() - start) / 1e9));
      CpuClock cpu = new CpuClock(Map.of("engine", handles(engines), "worker", handles(workers)));
      try (Workloads workloads =
          new Workloads(bootstrapServers, urls.get(0), config.topics(), new Recorder(), cpu)) {
        workloads.awaitJob();
        if (settings.warmupRuns() > 0) { // fresh JVMs: the JIT compiles their hot paths first
          workloads.throughput(settings.warmupRuns(), 2, 100);
        }
        Set<String> members = awaitGroups(config, n);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("engines", n);
        figures.put("workers", n);
        figures.putAll(
            workloads.throughput(
                settings.throughputRuns(), settings.throughputTasks(), settings.inFlight()));
        // a member that left and rejoined (a session timed out on a starved machine) has a new id
        boolean rebalanced = !members.equals(awaitGroups(config, n));
        figures.put("rebalancedWhileMeasured", rebalanced);
        LOG.info(
            "{} instance(s): {}{}",
            n,
            ((Rate) figures.get("tasksPerSecond")).summary(),
            rebalanced ? "; a group rebalanced meanwhile, which the figure includes" : "");
        return figures;
      }
    } finally {
      List<ChildJvm> all = new ArrayList<>(workers);
      all.addAll(engines);
      all.forEach(ChildJvm::terminate); // all at once: their stops overlap too
      for (ChildJvm child : all) {
        child.close();
      }
      Dirs.deleteRecursively(layoutDir);
    }
  }

  private EngineConfig engineConfig(String layoutPrefix, Path stateDir) {
    return BenchEngine.config(
        bootstrapServers,
        layoutPrefix,
        stateDir,
        settings.processingGuarantee(),
        settings.commitIntervalMs(),
        settings.partitions());
  }

  /**
   * The topics an engine creates at its start, created as it does: a worker that started first
   * would create run-events with the broker's default partitions, and its executions topic like it.
   */
  private void createTopics(EngineConfig config) {
    Properties client = new Properties();
    client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    TopicSetup.ensure(
        client,
        config.topics(),
        config.topics().engineTopics(),
        Optional.of(config.partitions()),
        Optional.of(config.replicationFactor()),
        config.retention().topicRetentionMs());
  }

  private ChildJvm engine(String layoutPrefix, Path stateDir, int index) throws Exception {
    return ChildJvm.start(
        "engine " + index,
        settings.scaleOut().jvmOptions(),
        BenchNode.class.getName(),
        List.of(
            "engine",
            "bootstrap=" + bootstrapServers,
            "prefix=" + layoutPrefix,
            "stateDir=" + stateDir,
            "guarantee=" + settings.processingGuarantee(),
            "commitIntervalMs=" + settings.commitIntervalMs(),
            "partitions=" + settings.partitions()),
        BenchNode.API);
  }

  private ChildJvm worker(String layoutPrefix, int index) throws Exception {
    return ChildJvm.start(
        "worker " + index,
        settings.scaleOut().jvmOptions(),
        BenchNode.class.getName(),
        List.of(
            "worker",
            "bootstrap=" + bootstrapServers,
            "prefix=" + layoutPrefix,
            "workerId=bench-worker-" + index,
            "maxConcurrentRuns=" + Benchmark.workerRunThreads(settings)),
        BenchNode.WORKER_READY);
  }

  /**
   * Waits until the engines' group and the workers' group each have {@code n} members with
   * partitions and no rebalance under way (measuring earlier would time a rebalance); returns their
   * member ids.
   */
  private Set<String> awaitGroups(EngineConfig config, int n) throws Exception {
    Set<String> members = new HashSet<>();
    // the worker's consumer group, as Worker names it: <prefix>.workers.<queue>
    String workerGroup =
        config.topicPrefix() + ".workers." + WorkerConfig.of(bootstrapServers).queue();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (String group : List.of(config.applicationId(), workerGroup)) {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        ConsumerGroupDescription last = describe(admin, group);
        while (!settled(last, n)) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(
                "group " + group + " did not settle with " + n + " members: " + last);
          }
          TimeUnit.MILLISECONDS.sleep(100);
          last = describe(admin, group);
        }
        last.members().forEach(m -> members.add(m.consumerId()));
      }
    }
    return members;
  }

  private static ConsumerGroupDescription describe(Admin admin, String group)
      throws ExecutionException, InterruptedException {
    return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
  }

  private static boolean settled(ConsumerGroupDescription group, int n) {
    return group.groupState() == GroupState.STABLE
        && group.members().size() == n
        && group.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
  }

  private static List<ProcessHandle> handles(List<ChildJvm> children) {
    return children.stream().map(ChildJvm::handle).toList();
  }
}
