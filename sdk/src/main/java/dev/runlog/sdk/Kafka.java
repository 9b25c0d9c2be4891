package dev.runlog.sdk;

import java.util.List;
import java.util.Objects;

/**
 * Writes records to topics of runlog's own Kafka cluster <b>exactly once</b>: the records and the
 * task's completion are committed in one Kafka transaction, so a replay, a worker crash or a zombie
 * execution never writes them twice, and the run never records the task as done without them.
 * Readers with {@code isolation.level=read_committed} see each record once; others may also see the
 * records of an attempt that was aborted.
 *
 * <pre>{@code
 * io.kafka().send("notify", "orders.shipped", KafkaRecord.of(order.id(), shipped));
 * }</pre>
 *
 * Each call is a task (keyed, memoized, retried by the job's policy), shown with the label {@code
 * kafka send}. The topic must exist, on the cluster the worker connects to: one transaction cannot
 * span two clusters. Get it with {@link Io#kafka()}.
 */
public final class Kafka {
  private final Io io;

  Kafka(Io io) {
    this.io = io;
  }

  /**
   * Writes {@code records} to {@code topic} once for this run, as task {@code key}; on a replay,
   * returns where they were written without writing them again.
   *
   * @return where each record was written, in order
   * @throws TaskFailedException when the last attempt failed, or one that trying again cannot mend
   *     (the topic does not exist: known once the producer has waited {@code max.block.ms} for it);
   *     no record of a failed attempt is visible to a read_committed reader
   */
  public List<RecordWritten> send(String key, String topic, KafkaRecord... records) {
    return send(key, topic, List.of(records));
  }

  /** {@link #send(String, String, KafkaRecord...)} for a list. */
  public List<RecordWritten> send(String key, String topic, List<KafkaRecord> records) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(records, "records");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("task '" + key + "': a Kafka send needs a topic");
    }
    return io.sendToKafka(key, topic, List.copyOf(records));
  }
}
