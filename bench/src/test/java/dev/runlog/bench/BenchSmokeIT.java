package dev.runlog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.store.JsonSerde;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A benchmark run with tiny numbers completes and reports every figure. It asserts no speed: that
 * is the benchmark's job. The scale-out workload starts its engines and workers in JVMs of their
 * own as {@code runlog bench} does; the idle workload watches the benchmark's stand-in for {@code
 * runlog dev} ({@link BenchNode} {@code all}), since the CLI is not on this module's class path:
 * the same measurement of a process, started, read and stopped the same way.
 */
class BenchSmokeIT {

  @Test
  void aSmokeRunReportsEveryFigure() throws Exception {
    BenchReport report = Benchmark.run(BenchSettings.smoke());
    JsonNode json = JsonSerde.MAPPER.readTree(report.json());
    for (String path :
        List.of(
            "/figures/baselines/produceRoundTrip/p50Ms",
            "/figures/baselines/produceRoundTrip/p99Ms",
            "/figures/baselines/streamsHop/p50Ms",
            "/figures/baselines/rawThroughput/perSecond",
            "/figures/warmup/jitRounds",
            "/figures/latency/eventToSuccess/p50Ms",
            "/figures/latency/eventToSuccess/p99Ms",
            "/figures/latency/postToSuccess/p50Ms",
            "/figures/latency/postToFirstTask/p50Ms",
            "/figures/perTaskOverhead/p50Ms",
            "/figures/perTaskOverhead/p99Ms",
            "/figures/throughput/runsPerSecond/perSecond",
            "/figures/throughput/tasksPerSecond/perSecond",
            "/figures/throughput/engineEventsPerSecond/perSecond",
            "/figures/throughput/cpuSecondsPerTask/engine",
            "/figures/growth/engineMicrosPerTask/5",
            "/figures/growth/engineMicrosPerTask/20",
            "/figures/growth/resumeMillis/millis",
            "/figures/kafkaSend/plainTaskCall/p50Ms",
            "/figures/kafkaSend/plainTaskCall/p99Ms",
            "/figures/kafkaSend/firstSendOfAnExecution/p50Ms",
            "/figures/kafkaSend/laterSend/p50Ms",
            "/figures/kafkaSend/laterSend/p99Ms",
            "/figures/kafkaSend/plainTasksPerSecond/perSecond",
            "/figures/kafkaSend/sendTasksPerSecond/perSecond",
            "/figures/instances/2/engines",
            "/figures/instances/2/tasksPerSecond/perSecond",
            "/figures/instances/2/runsPerSecond/perSecond",
            "/figures/instances/2/cpuSecondsPerTask/engine",
            "/figures/instances/2/cpuSecondsPerTask/worker",
            "/figures/instances/2/cpuSecondsPerTask/broker",
            "/figures/instances/2/rebalancedWhileMeasured",
            "/figures/idle/cpuCoreFraction",
            "/figures/idle/rssMiB",
            "/figures/idle/peakRssMiB",
            "/ratios/instances2TasksPerSecond~1throughputTasksPerSecond",
            "/ratios/idleCpuSeconds~1wallSeconds",
            "/ratios/idleRssMiB~1300MiB",
            "/commit",
            "/jvm")) {
      JsonNode node = json.at(path);
      assertTrue(!node.isMissingNode() && !node.isNull(), path + " missing from " + json);
      if (node.isNumber()) {
        assertTrue(Double.isFinite(node.asDouble()) && node.asDouble() >= 0, path + " = " + node);
      }
    }
    List<String> ratios = new ArrayList<>(report.ratios().keySet());
    assertTrue(ratios.size() >= 5, "ratios: " + ratios);
    report
        .ratios()
        .values()
        .forEach(
            v -> assertTrue(Double.isFinite(v), "a ratio is not a number: " + report.ratios()));
    assertTrue(report.table().contains("perTaskOverhead"), report.table());
    assertTrue(report.table().contains("idle.cpuCoreFraction"), report.table());
    assertEquals(
        List.of(),
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList(),
        "the benchmark's child JVMs are stopped");
  }
}
