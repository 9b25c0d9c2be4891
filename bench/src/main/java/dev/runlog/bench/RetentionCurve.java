package dev.runlog.bench;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import dev.runlog.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The state workload under a retention: 1-task runs at a steady rate for several retention periods,
 * with the engine's state sampled as it goes (keys in its stores, bytes of its state dir on disk).
 * Without a retention both grow with every run; with one they grow for the first retention period
 * and then stay flat: runs expire as fast as they finish. (The keys settle after two periods: the
 * marker an expired run leaves is kept one period more. The bytes on disk follow RocksDB's
 * compactions, so they move in steps.)
 *
 * @param retention how long finished runs are kept
 * @param duration how long the load runs
 * @param runsPerSecond the steady rate of new runs
 * @param every how often the state is sampled
 */
public record RetentionCurve(
    String bootstrapServers,
    Duration retention,
    Duration duration,
    int runsPerSecond,
    Duration every,
    int partitions) {

  /** One sample of the engine's state. */
  public record Sample(
      double seconds, long runsSent, long runsFinished, long keys, double diskMB) {}

  /** Small numbers, for a smoke test: seconds, not minutes. */
  public static RetentionCurve smoke() {
    return new RetentionCurve(
        null, Duration.ofSeconds(3), Duration.ofSeconds(9), 20, Duration.ofSeconds(1), 2);
  }

  /**
   * Runs the load against a new engine (and an embedded broker unless one is given) and returns the
   * samples.
   */
  public List<Sample> run() throws Exception {
    Path dir = Files.createTempDirectory("runlog-retention-curve");
    EmbeddedKafka kafka =
        bootstrapServers == null ? EmbeddedKafka.start(dir.resolve("kafka"), 0) : null;
    String bootstrap = kafka == null ? bootstrapServers : kafka.bootstrapServers();
    String prefix = "curve-" + UUID.randomUUID().toString().substring(0, 8);
    EngineConfig config =
        new EngineConfig(
                bootstrap,
                prefix,
                prefix + "-engine",
                dir.resolve("engine"),
                0,
                "localhost",
                "exactly_once_v2",
                100,
                partitions,
                (short) 1,
                1,
                50,
                Map.of())
            .withRunRetention(retention);
    Recorder recorder = new Recorder();
    List<Sample> samples = new ArrayList<>();
    try (RunlogEngine engine = RunlogEngine.start(config);
        Worker worker =
            Worker.start(
                WorkerConfig.of(bootstrap)
                    .withTopicPrefix(prefix)
                    .withWorkerId("curve-worker")
                    .withMaxConcurrentRuns(64),
                List.of(BenchJob.create(recorder)));
        LogWatcher watcher = new LogWatcher(bootstrap, config.topics().runEvents().name());
        KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      AtomicLong finished = new AtomicLong();
      watcher.onSuccess(id -> finished.incrementAndGet());
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      long nextSample = start;
      long sent = 0;
      while (System.nanoTime() < end) {
        long now = System.nanoTime();
        long due = (long) ((now - start) / 1e9 * runsPerSecond);
        for (; sent < due; sent++) {
          producer.send(trigger(config.topics()));
        }
        if (now >= nextSample) {
          samples.add(sample(engine, start, sent, finished.get()));
          recorder.clear(); // the benchmark's record of the task calls is not the engine's state
          nextSample += every.toNanos();
        }
        LockSupport.parkNanos(
            Math.max(
                1,
                Math.min(nextSample, start + (long) ((sent + 1) * 1e9 / runsPerSecond))
                    - System.nanoTime()));
      }
      samples.add(sample(engine, start, sent, finished.get()));
    } finally {
      if (kafka != null) {
        kafka.close();
      }
      delete(dir);
    }
    return samples;
  }

  /** The samples as a table, with the bytes on disk drawn as a bar. */
  public String table(List<Sample> samples) {
    double most = samples.stream().mapToDouble(Sample::diskMB).max().orElse(1);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format("retention %s, %d runs/s for %s%n", retention, runsPerSecond, duration));
    out.append(
        String.format("%8s %9s %9s %8s %9s%n", "seconds", "sent", "finished", "keys", "disk MB"));
    for (Sample s : samples) {
      int bar = most <= 0 ? 0 : (int) Math.round(40 * s.diskMB() / most);
      out.append(
          String.format(
              "%8.0f %9d %9d %8d %9.1f %s%n",
              s.seconds(),
              s.runsSent(),
              s.runsFinished(),
              s.keys(),
              s.diskMB(),
              "#".repeat(Math.max(0, bar))));
    }
    return out.toString();
  }

  private static Sample sample(RunlogEngine engine, long start, long sent, long finished) {
    long keys = engine.storeKeys().values().stream().mapToLong(Long::longValue).sum();
    return new Sample(
        (System.nanoTime() - start) / 1e9,
        sent,
        finished,
        keys,
        engine.storeDiskBytes() / (1024.0 * 1024));
  }

  private static ProducerRecord<String, byte[]> trigger(Topics topics) {
    String eventId = UUID.randomUUID().toString();
    TriggerEvent event =
        new TriggerEvent(
            eventId,
            BenchJob.EVENT,
            "{\"tasks\":1,\"pauseAfter\":false}",
            null,
            Instant.now(),
            null,
            "bench");
    return new ProducerRecord<>(
        topics.triggers().name(), eventId, Codecs.TRIGGER_EVENT.encode(event));
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("linger.ms", "5");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static void delete(Path root) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
