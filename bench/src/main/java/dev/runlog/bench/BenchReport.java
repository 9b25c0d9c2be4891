package dev.runlog.bench;

import dev.runlog.engine.store.JsonSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A benchmark run's figures with what produced them (commit, JVM, settings), as JSON and as a
 * table.
 */
public record BenchReport(
    Instant at,
    String commit,
    String jvm,
    int cpus,
    BenchSettings settings,
    Map<String, Object> figures,
    Map<String, Double> ratios) {

  static BenchReport of(BenchSettings settings, Map<String, Object> figures) {
    return new BenchReport(
        Instant.now(),
        gitCommit(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        settings,
        figures,
        ratios(figures));
  }

  /** Each runlog figure divided by the raw-Kafka figure it competes with. */
  private static Map<String, Double> ratios(Map<String, Object> figures) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    Map<String, Object> base = (Map<String, Object>) figures.get("baselines");
    Stats roundTrip = (Stats) base.get("produceRoundTrip");
    Stats hop = (Stats) base.get("streamsHop");
    Rate raw = (Rate) base.get("rawThroughput");
    @SuppressWarnings("unchecked")
    Map<String, Object> latency = (Map<String, Object>) figures.get("latency");
    Stats overhead = (Stats) figures.get("perTaskOverhead");
    @SuppressWarnings("unchecked")
    Map<String, Object> throughput = (Map<String, Object>) figures.get("throughput");
    ratios.put("perTaskOverheadP50/produceRoundTripP50", overhead.p50Ms() / roundTrip.p50Ms());
    ratios.put("perTaskOverheadP99/produceRoundTripP99", overhead.p99Ms() / roundTrip.p99Ms());
    Stats toSuccess = (Stats) latency.get("eventToSuccess");
    ratios.put("eventToSuccessP50/produceRoundTripP50", toSuccess.p50Ms() / roundTrip.p50Ms());
    ratios.put("eventToSuccessP99/produceRoundTripP99", toSuccess.p99Ms() / roundTrip.p99Ms());
    Stats fromPost = (Stats) latency.get("postToSuccess");
    ratios.put("postToSuccessP50/produceRoundTripP50", fromPost.p50Ms() / roundTrip.p50Ms());
    ratios.put("postToSuccessP99/produceRoundTripP99", fromPost.p99Ms() / roundTrip.p99Ms());
    ratios.put(
        "tasksPerSecond/rawRecordsPerSecond",
        ((Rate) throughput.get("tasksPerSecond")).perSecond() / raw.perSecond());
    ratios.put(
        "eventToSuccessP50/streamsHopP50",
        ((Stats) latency.get("eventToSuccess")).p50Ms() / hop.p50Ms());
    ratios.put(
        "eventToSuccessP99/streamsHopP99",
        ((Stats) latency.get("eventToSuccess")).p99Ms() / hop.p99Ms());
    ratios.put(
        "engineEventsPerSecond/rawRecordsPerSecond",
        ((Rate) throughput.get("engineEventsPerSecond")).perSecond() / raw.perSecond());
    @SuppressWarnings("unchecked")
    Map<String, Object> growth = (Map<String, Object>) figures.get("growth");
    @SuppressWarnings("unchecked")
    Map<String, Double> perTask = (Map<String, Double>) growth.get("engineMicrosPerTask");
    if (perTask.size() >= 2) {
      double first = perTask.values().iterator().next();
      double last = perTask.values().stream().reduce((a, b) -> b).orElse(first);
      ratios.put("engineCostPerTask longest/shortest", last / first);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> send = (Map<String, Object>) figures.get("kafkaSend");
    if (send != null) {
      Stats plain = (Stats) send.get("plainTaskCall");
      ratios.put(
          "kafkaSendLaterP50/plainTaskCallP50",
          ((Stats) send.get("laterSend")).p50Ms() / plain.p50Ms());
      ratios.put(
          "kafkaSendFirstP50/plainTaskCallP50",
          ((Stats) send.get("firstSendOfAnExecution")).p50Ms() / plain.p50Ms());
      ratios.put(
          "sendTasksPerSecond/plainTasksPerSecond",
          ((Rate) send.get("sendTasksPerSecond")).perSecond()
              / ((Rate) send.get("plainTasksPerSecond")).perSecond());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> instances = (Map<String, Object>) figures.get("instances");
    if (instances != null) {
      String many = instances.keySet().stream().reduce((a, b) -> b).orElseThrow();
      double manyRate = tasksPerSecond(instances.get(many));
      if (instances.containsKey("1")) {
        ratios.put(
            "instances" + many + "TasksPerSecond/instances1TasksPerSecond",
            manyRate / tasksPerSecond(instances.get("1")));
      }
      ratios.put(
          "instances" + many + "TasksPerSecond/throughputTasksPerSecond",
          manyRate / tasksPerSecond(throughput));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> idle = (Map<String, Object>) figures.get("idle");
    if (idle != null) { // against the targets of issue 14 (see Targets)
      ratios.put("idleCpuSeconds/wallSeconds", (Double) idle.get("cpuCoreFraction"));
      ratios.put("idleRssMiB/300MiB", (Double) idle.get("rssMiB") / 300);
    }
    return ratios;
  }

  private static double tasksPerSecond(Object throughputFigures) {
    return ((Rate) ((Map<?, ?>) throughputFigures).get("tasksPerSecond")).perSecond();
  }

  public String json() {
    try {
      return JsonSerde.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, json());
  }

  /** The figures as a Markdown table, as the README shows them. */
  public String table() {
    StringBuilder out = new StringBuilder("| figure | value |\n| --- | --- |\n");
    flatten("", figures, out);
    ratios.forEach(
        (k, v) ->
            out.append("| ratio ")
                .append(k)
                .append(" | ")
                .append(String.format("%.2f", v))
                .append(Targets.describe(k, v))
                .append(" |\n"));
    return out.toString();
  }

  private static void flatten(String prefix, Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, out));
    } else if (value instanceof Stats s) {
      out.append(
          String.format(
              "| %s | p50 %.2f ms, p99 %.2f ms (n=%d) |%n",
              prefix, s.p50Ms(), s.p99Ms(), s.count()));
    } else if (value instanceof Rate r) {
      out.append(
          String.format(
              "| %s | %.0f/s (%d in %.2f s) |%n", prefix, r.perSecond(), r.count(), r.seconds()));
    } else if (value instanceof Double d) {
      out.append(String.format("| %s | %.3g |%n", prefix, d));
    } else {
      out.append("| ").append(prefix).append(" | ").append(value).append(" |\n");
    }
  }

  private static String gitCommit() {
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes()).strip();
      return git.waitFor() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
