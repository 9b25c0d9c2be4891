package dev.runlog.bench;

import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measures, and how hard.
 *
 * @param bootstrapServers an existing cluster, or null for an embedded broker
 * @param warmupRuns runs made, and not measured, before the workloads: the JIT compiles the hot
 *     paths of broker, engine and worker first, as it has in any engine that has been up a while
 * @param stateRuns finished runs to create before measuring state size (0: skip)
 * @param idle the idle workload: a development process left alone, then measured
 * @param scaleOut the throughput workload again with engines and workers in JVMs of their own
 */
public record BenchSettings(
    String bootstrapServers,
    String processingGuarantee,
    long commitIntervalMs,
    int partitions,
    int warmupRuns,
    int latencyRuns,
    int overheadRuns,
    int overheadTasks,
    int throughputRuns,
    int throughputTasks,
    int inFlight,
    List<Integer> growthLengths,
    int stateRuns,
    int baselineRecords,
    IdleSettings idle,
    ScaleOutSettings scaleOut) {

  /**
   * Tiny numbers: every figure is produced in seconds (the test suite's smoke run). The idle
   * workload watches the benchmark's stand-in for {@code runlog dev}, which is not on this module's
   * class path. Its child JVMs compile with C1 only and collect with the serial collector: on 2
   * busy cores they start in about half the time, and a smoke run asserts no speed.
   */
  public static BenchSettings smoke() {
    List<String> quickStart = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    return new BenchSettings(
        null,
        "exactly_once_v2",
        10,
        2,
        10,
        3,
        1,
        10,
        30,
        3,
        10,
        List.of(5, 20),
        0,
        50,
        new IdleSettings(quickStart, Map.of(), BenchNode.class.getName(), List.of("all"), 1, 1),
        new ScaleOutSettings(2, quickStart, false));
  }
}
