package dev.runlog.bench;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import dev.runlog.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One benchmark run: a broker (embedded unless given), an engine and a worker in this JVM, the
 * raw-Kafka baselines first and then runlog's workloads on the same broker, so every figure can be
 * set against the baseline it should be compared with. Then the throughput workload with engines
 * and workers in JVMs of their own ({@link ScaleOut}), and last, with everything else stopped, the
 * idle cost of a development process ({@link IdleCost}).
 */
public final class Benchmark {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Benchmark.class);

  private Benchmark() {}

  /**
   * Runs every workload of {@code settings} and returns the figures, with their ratios to the
   * baselines.
   */
  public static BenchReport run(BenchSettings settings) throws Exception {
    Path dir = Files.createTempDirectory("runlog-bench");
    EmbeddedKafka kafka =
        settings.bootstrapServers() == null ? EmbeddedKafka.start(dir.resolve("kafka"), 0) : null;
    String bootstrap = kafka == null ? settings.bootstrapServers() : kafka.bootstrapServers();
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> figures = new LinkedHashMap<>();
    try {
      Baselines baselines = new Baselines(bootstrap, prefix);
      Map<String, Object> base = new LinkedHashMap<>();
      base.put("produceRoundTrip", baselines.produceRoundTrip(settings.baselineRecords()));
      base.put(
          "streamsHop",
          baselines.streamsHop(
              settings.processingGuarantee(),
              settings.commitIntervalMs(),
              settings.baselineRecords()));
      base.put("rawThroughput", baselines.rawThroughput(settings.baselineRecords() * 400));
      figures.put("baselines", base);

      EngineConfig config =
          BenchEngine.config(
              bootstrap,
              prefix,
              dir.resolve("engine"),
              settings.processingGuarantee(),
              settings.commitIntervalMs(),
              settings.partitions());
      Recorder recorder = new Recorder();
      try (RunlogEngine engine = RunlogEngine.start(config);
          Worker worker =
              Worker.start(
                  WorkerConfig.of(bootstrap)
                      .withTopicPrefix(prefix)
                      .withWorkerId("bench-worker")
                      .withMaxConcurrentRuns(workerRunThreads(settings)),
                  List.of(BenchJob.create(recorder)));
          Workloads workloads = new Workloads(bootstrap, engine.url(), config.topics(), recorder)) {
        workloads.awaitJob();
        figures.put("warmup", workloads.warmUp(settings.warmupRuns()));
        recorder.clear();
        figures.put("latency", workloads.latency(settings.latencyRuns()));
        figures.put(
            "perTaskOverhead",
            workloads.perTaskOverhead(settings.overheadRuns(), settings.overheadTasks()));
        recorder.clear();
        LOG.info("throughput workload: {} runs", settings.throughputRuns());
        figures.put(
            "throughput",
            workloads.throughput(
                settings.throughputRuns(), settings.throughputTasks(), settings.inFlight()));
        LOG.info("throughput workload done");
        recorder.clear();
        figures.put("growth", workloads.growth(settings.growthLengths()));
        recorder.clear();
        figures.put(
            "kafkaSend",
            workloads.kafkaSend(
                bootstrap,
                settings.partitions(),
                Math.max(1, settings.overheadRuns()),
                Math.max(2, Math.min(10, settings.overheadTasks())),
                Math.max(1, settings.throughputRuns() / 10),
                Math.max(1, Math.min(settings.inFlight(), 100))));
        if (settings.stateRuns() > 0) {
          figures.put("state", workloads.stateSize(settings.stateRuns(), engine, config));
        }
      }
      if (settings.scaleOut().enabled()) {
        figures.put("instances", new ScaleOut(bootstrap, prefix, settings, dir).measure());
      }
    } finally {
      if (kafka != null) {
        kafka.close();
      }
      delete(dir);
    }
    if (settings.idle().enabled()) { // last, alone: nothing else of the benchmark runs meanwhile
      figures.put("idle", IdleCost.measure(settings.idle()));
    }
    return BenchReport.of(settings, figures);
  }

  /** Run threads of each worker: enough for the runs in flight, at most 256. */
  static int workerRunThreads(BenchSettings settings) {
    return Math.max(16, Math.min(settings.inFlight(), 256));
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
