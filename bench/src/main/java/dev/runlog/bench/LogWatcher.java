package dev.runlog.bench;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads run-events as they are appended: counts every event (the engine's and the workers') and
 * reports each run that succeeded, as soon as its worker's {@code RunSucceeded} is in the log.
 */
final class LogWatcher implements AutoCloseable {
  private static final byte[] WORKER = Origin.WORKER.name().getBytes(StandardCharsets.UTF_8);
  private final KafkaConsumer<String, byte[]> consumer;
  private final AtomicLong events = new AtomicLong();
  private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile Consumer<String> onSuccess = id -> {};
  private volatile java.util.function.BiConsumer<String, String> onFailure = (id, error) -> {};
  private volatile RunStages stages;

  LogWatcher(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put(
        "isolation.level",
        "read_uncommitted"); // as soon as appended: the worker's RunSucceeded is not transactional
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before any run is started
    thread = new Thread(this::poll, "bench-log-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  long events() {
    return events.get();
  }

  void onSuccess(Consumer<String> callback) {
    this.onSuccess = callback;
  }

  /** Tells {@code callback} of every run a worker failed: its id and its error. */
  void onFailure(java.util.function.BiConsumer<String, String> callback) {
    this.onFailure = callback;
  }

  /** Also tells {@code stages} (null: nobody) of every event of the runs it follows. */
  void stages(RunStages stages) {
    this.stages = stages;
  }

  /** Blocks until run {@code runId} succeeded (or the deadline passed: false). */
  boolean awaitSuccess(String runId, Duration deadline) throws InterruptedException {
    return waiting
        .computeIfAbsent(runId, k -> new CountDownLatch(1))
        .await(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    while (running.get()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
        events.incrementAndGet();
        RunStages following = stages;
        Header origin = record.headers().lastHeader(Origin.HEADER);
        boolean byWorker = origin != null && java.util.Arrays.equals(origin.value(), WORKER);
        if (following == null && !byWorker) {
          continue; // decoded only when needed: this thread shares the CPU with what it measures
        }
        RunEvent event = Codecs.RUN_EVENT.decode(record.value());
        if (following != null) {
          following.saw(event);
        }
        if (byWorker && event.body() instanceof RunEventBody.RunSucceeded) {
          waiting.computeIfAbsent(event.runId(), k -> new CountDownLatch(1)).countDown();
          onSuccess.accept(event.runId());
        } else if (byWorker && event.body() instanceof RunEventBody.RunFailed f) {
          onFailure.accept(event.runId(), f.error().type() + ": " + f.error().message());
        }
      }
    }
    consumer.close();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
