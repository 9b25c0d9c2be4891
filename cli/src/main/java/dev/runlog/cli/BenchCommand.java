package dev.runlog.cli;

import dev.runlog.bench.BenchReport;
import dev.runlog.bench.BenchSettings;
import dev.runlog.bench.Benchmark;
import dev.runlog.bench.IdleSettings;
import dev.runlog.bench.RetentionCurve;
import dev.runlog.bench.ScaleOutSettings;
import dev.runlog.cli.dev.DevJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runlog bench}: runlog's speed beside raw Kafka's, on one broker, in one run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      // one element per paragraph: picocli breaks the lines, and the command list shows the first
      "Measure runlog against raw Kafka on the same broker: latency, per-task overhead, throughput, growth, state,"
          + " throughput with engines and workers in JVMs of their own (--instances), and what an idle runlog dev costs (--idle-seconds).",
      "Starts an embedded broker unless --bootstrap-servers is given; prints a table and writes JSON."
    })
final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      description = "Use this cluster instead of an embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--guarantee",
      defaultValue = "exactly_once_v2",
      description = "Processing guarantee. Default: ${DEFAULT-VALUE}.")
  String guarantee;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "100",
      description = "Kafka Streams commit interval. Default: ${DEFAULT-VALUE}.")
  long commitIntervalMs;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions of the topics. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(
      names = "--warmup-runs",
      defaultValue = "3000",
      description =
          "Runs made and not measured first, so that the JIT has compiled the hot paths. Default: ${DEFAULT-VALUE}.")
  int warmupRuns;

  @Option(
      names = "--latency-runs",
      defaultValue = "200",
      description = "1-task runs, one at a time. Default: ${DEFAULT-VALUE}.")
  int latencyRuns;

  @Option(
      names = "--overhead-runs",
      defaultValue = "10",
      description = "Runs of --overhead-tasks tasks. Default: ${DEFAULT-VALUE}.")
  int overheadRuns;

  @Option(
      names = "--overhead-tasks",
      defaultValue = "100",
      description = "Default: ${DEFAULT-VALUE}.")
  int overheadTasks;

  @Option(
      names = "--runs",
      defaultValue = "10000",
      description = "Throughput: runs. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(
      names = "--tasks",
      defaultValue = "10",
      description = "Throughput: tasks per run. Default: ${DEFAULT-VALUE}.")
  int tasks;

  @Option(
      names = "--in-flight",
      defaultValue = "1000",
      description = "Throughput: runs in flight at most. Default: ${DEFAULT-VALUE}.")
  int inFlight;

  @Option(
      names = "--growth",
      split = ",",
      defaultValue = "10,100,1000,10000",
      description = "Run lengths for growth. Default: ${DEFAULT-VALUE}.")
  List<Integer> growth;

  @Option(
      names = "--state-runs",
      defaultValue = "0",
      description = "Finished runs to create before measuring state size (e.g. 1000000; 0 skips).")
  int stateRuns;

  @Option(
      names = "--baseline-records",
      defaultValue = "1000",
      description = "Records per latency baseline. Default: ${DEFAULT-VALUE}.")
  int baselineRecords;

  @Option(
      names = "--instances",
      defaultValue = "2",
      description =
          "Throughput again with this many engine instances and workers, each in a JVM of its own, "
              + "and with one of each laid out the same way, to compare (1 skips). Default: ${DEFAULT-VALUE}.")
  int instances;

  @Option(
      names = "--instances-java-options",
      description = "JVM options of those engines and workers (e.g. \"-Xmx1g\"). Default: none.")
  String instancesJavaOptions;

  @Option(
      names = "--idle-warm-seconds",
      defaultValue = "180",
      description =
          "Idle: how long a runlog dev process is left alone before it is measured. Default: ${DEFAULT-VALUE}.")
  int idleWarmSeconds;

  @Option(
      names = "--idle-seconds",
      defaultValue = "60",
      description =
          "Idle: how long its CPU time is measured after that (0 skips the idle workload). Default: ${DEFAULT-VALUE}.")
  int idleSeconds;

  @Option(
      names = "--idle-java-options",
      description =
          "Idle: JVM options of the runlog dev process. Default: those ./runlog dev starts with (RUNLOG_DEV_JAVA_OPTS unset).")
  String idleJavaOptions;

  @Option(
      names = "--out",
      defaultValue = "bench-results.json",
      description = "Where the JSON goes. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--retention-curve",
      description =
          "Instead of the workloads: the state workload under a short retention, "
              + "printing the engine's store keys and bytes on disk over time (flat after the first retention period).")
  boolean retentionCurve;

  @Option(
      names = "--retention-seconds",
      defaultValue = "60",
      description = "Retention curve: run.retention.ms, in seconds. Default: ${DEFAULT-VALUE}.")
  long retentionSeconds;

  @Option(
      names = "--curve-seconds",
      defaultValue = "300",
      description = "Retention curve: how long the load runs. Default: ${DEFAULT-VALUE}.")
  long curveSeconds;

  @Option(
      names = "--curve-rate",
      defaultValue = "200",
      description = "Retention curve: runs per second. Default: ${DEFAULT-VALUE}.")
  int curveRate;

  @Option(
      names = "--sample-seconds",
      defaultValue = "10",
      description = "Retention curve: seconds between samples. Default: ${DEFAULT-VALUE}.")
  long sampleSeconds;

  @Override
  public Integer call() throws Exception {
    if (retentionCurve) {
      RetentionCurve curve =
          new RetentionCurve(
              bootstrapServers,
              Duration.ofSeconds(retentionSeconds),
              Duration.ofSeconds(curveSeconds),
              curveRate,
              Duration.ofSeconds(sampleSeconds),
              partitions);
      spec.commandLine().getOut().println(curve.table(curve.run()));
      return 0;
    }
    BenchSettings settings =
        new BenchSettings(
            bootstrapServers,
            guarantee,
            commitIntervalMs,
            partitions,
            warmupRuns,
            latencyRuns,
            overheadRuns,
            overheadTasks,
            runs,
            tasks,
            inFlight,
            growth,
            stateRuns,
            baselineRecords,
            // runlog dev itself, in a JVM of its own with the benchmark's class path
            new IdleSettings(
                words(idleJavaOptions == null ? DevJvm.OPTIONS : idleJavaOptions),
                Map.of("MALLOC_ARENA_MAX", DevJvm.MALLOC_ARENAS),
                RunlogCli.class.getName(),
                List.of("dev", "--kafka-port", "0", "--http-port", "0"),
                idleWarmSeconds,
                idleSeconds),
            new ScaleOutSettings(instances, words(instancesJavaOptions)));
    BenchReport report = Benchmark.run(settings);
    report.write(out);
    spec.commandLine().getOut().println(report.table());
    spec.commandLine().getOut().println("JSON: " + out.toAbsolutePath());
    return 0;
  }

  /** JVM options given as one string, split as a shell splits an unquoted variable. */
  private static List<String> words(String options) {
    return options == null || options.isBlank()
        ? List.of()
        : List.of(options.strip().split("\\s+"));
  }
}
