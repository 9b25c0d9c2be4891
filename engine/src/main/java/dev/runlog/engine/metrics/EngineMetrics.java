package dev.runlog.engine.metrics;

import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.topology.RunCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The engine's metrics in Prometheus text format: run counters, task durations, runs executing and
 * queued on this instance's partitions, and the lag of its stream threads' consumers.
 */
public final class EngineMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RunCounters counters = new RunCounters(registry);
  private final Counter threadsReplaced =
      Counter.builder("runlog.stream.threads.replaced")
          .description(
              "stream threads that died of an uncaught exception and were replaced (0 while nothing stalls the engine)")
          .register(registry);

  public RunCounters counters() {
    return counters;
  }

  /** Where each source's runtime reports its state, lag and counters (exported here). */
  public dev.runlog.engine.source.SourceStatuses sourceStatuses(java.time.Clock clock) {
    return new dev.runlog.engine.source.SourceStatuses(registry, clock);
  }

  /** Counts a stream thread that died and was replaced. */
  public void streamThreadReplaced() {
    threadsReplaced.increment();
  }

  /** Adds the gauges that read the running engine. */
  public void bind(KafkaStreams streams, Supplier<RunQueries> queries) {
    Gauge.builder("runlog.runs.executing", () -> local(queries, RunStatus.EXECUTING))
        .description("runs EXECUTING on this instance's partitions")
        .register(registry);
    Gauge.builder("runlog.runs.queued", () -> local(queries, RunStatus.QUEUED))
        .description("runs QUEUED on this instance's partitions")
        .register(registry);
    Gauge.builder(
            "runlog.runs.waiting.on.connections",
            () -> local(queries, RunStatus.WAITING_ON_CONNECTIONS))
        .description("runs WAITING_ON_CONNECTIONS on this instance's partitions")
        .register(registry);
    Gauge.builder("runlog.consumer.lag", () -> maxLag(streams))
        .description("the largest record lag of this instance's stream consumers")
        .register(registry);
  }

  /** Adds the gauge of the managed connections this instance knows of (never a secret). */
  public void bindConnections(java.util.function.IntSupplier connections) {
    Gauge.builder("runlog.connections", connections::getAsInt)
        .description("managed connections stored (the connections topic as this instance read it)")
        .register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  private static double local(Supplier<RunQueries> queries, RunStatus status) {
    try {
      RunQueries q = queries.get();
      return q == null ? Double.NaN : q.localTotals().getOrDefault(status, 0L);
    } catch (RuntimeException e) {
      return Double.NaN; // starting or rebalancing
    }
  }

  private static double maxLag(KafkaStreams streams) {
    double max = 0;
    for (var entry : streams.metrics().entrySet()) {
      MetricName name = entry.getKey();
      if (name.name().equals("records-lag-max")
          && name.group().equals("consumer-fetch-manager-metrics")) {
        Metric metric = entry.getValue();
        Object value = metric.metricValue();
        if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
          max = Math.max(max, n.doubleValue());
        }
      }
    }
    return max;
  }
}
