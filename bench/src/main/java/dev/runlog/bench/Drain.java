package dev.runlog.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on its own thread that reads a topic from the beginning until it has seen a number of
 * records, and notes when it saw the last one.
 *
 * <p>It runs while the records are still being produced, so a throughput figure is of produce and
 * consume together, as a pipeline runs, not of one after the other. The consumer is created, used
 * and closed on that thread only: a {@link KafkaConsumer} must not be used by two threads.
 */
final class Drain implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final String bootstrapServers;
  private final List<TopicPartition> partitions;
  private final long records;
  private final Duration deadline;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CompletableFuture<Long> lastConsumedAt = new CompletableFuture<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;

  private Drain(
      String bootstrapServers, String topic, int partitionCount, long records, Duration deadline) {
    this.bootstrapServers = bootstrapServers;
    this.partitions = new ArrayList<>();
    for (int p = 0; p < partitionCount; p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    this.records = records;
    this.deadline = deadline;
    this.thread = new Thread(this::run, "runlog-bench-drain-" + topic);
  }

  /**
   * Starts reading every partition of {@code topic} and returns once the consumer is positioned at
   * the start, so that the measured time holds no connection set-up or offset look-up.
   */
  static Drain start(
      String bootstrapServers, String topic, int partitionCount, long records, Duration deadline) {
    Drain drain = new Drain(bootstrapServers, topic, partitionCount, records, deadline);
    drain.thread.start();
    try {
      if (!drain.ready.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the consumer was not ready within " + deadline);
      }
      if (drain.lastConsumedAt.isCompletedExceptionally()) {
        drain.lastConsumedAt.join(); // throws the consumer's failure
      }
      return drain;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drain.close();
      throw new IllegalStateException("interrupted while starting the consumer", e);
    } catch (RuntimeException e) {
      drain.close();
      throw e;
    }
  }

  /** The {@link System#nanoTime()} at which the last of the records was consumed. */
  long awaitLastConsumedAt() {
    try {
      return lastConsumedAt.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while consuming", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("consuming failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "not all " + records + " records consumed within " + deadline, e);
    }
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrapServers, Map.of())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      for (TopicPartition partition : partitions) {
        consumer.position(partition, deadline); // seekToBeginning is lazy: resolve the offsets now
      }
      ready.countDown();
      long until = System.nanoTime() + deadline.toNanos();
      long seen = 0;
      while (seen < records) {
        if (stop.get()) {
          lastConsumedAt.completeExceptionally(
              new CancellationException("stopped after " + seen + " records"));
          return;
        }
        if (System.nanoTime() > until) {
          throw new IllegalStateException(
              "consumed " + seen + " of " + records + " records within " + deadline);
        }
        seen += consumer.poll(POLL).count();
      }
      lastConsumedAt.complete(System.nanoTime());
    } catch (RuntimeException e) {
      lastConsumedAt.completeExceptionally(e);
    } finally {
      ready
          .countDown(); // a consumer that failed before it was ready must not leave start() waiting
    }
  }

  /** Stops the consumer if it is still reading and waits for its thread to end. */
  @Override
  public void close() {
    stop.set(true);
    try {
      thread.join(deadline.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("the consumer thread {} did not stop within {}", thread.getName(), deadline);
    }
  }
}
