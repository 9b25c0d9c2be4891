package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a possibly stale {@link ExecuteRun} up to date from the run-event log. An execution record
 * that was already in its partition when this worker got the partition may have been acted on by a
 * worker that died: the tasks it completed are in the log after {@link ExecuteRun#logOffset()}, and
 * must not run again. Reads up to the high watermark (read_committed, so it waits for open engine
 * transactions) so that the dead worker's last, non-transactional appends are seen.
 */
final class RunLogReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLogReader.class);
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

  /** What the log says happened to an execution after it was dispatched. */
  record CatchUp(Map<String, String> completedTasks, boolean finished, boolean superseded) {}

  private final String topic;
  private final KafkaConsumer<String, byte[]> committed;
  private final KafkaConsumer<String, byte[]> uncommitted;

  RunLogReader(String topic, Properties base) {
    this.topic = topic;
    this.committed = consumer(base, "read_committed");
    this.uncommitted = consumer(base, "read_uncommitted");
  }

  synchronized CatchUp read(ExecuteRun execution) {
    TopicPartition tp =
        new TopicPartition(
            topic,
            execution.logPartition() >= 0
                ? execution.logPartition()
                : partitionOf(execution.runId()));
    long target = uncommitted.endOffsets(List.of(tp)).get(tp);
    committed.assign(List.of(tp));
    long from =
        execution.logOffset() >= 0
            ? execution.logOffset()
            : offsetAround(tp, execution.runCreatedAt());
    // Not before the oldest record left: a run that waited longer than the topic's retention has
    // its
    // last offset deleted, and a seek there would jump to the end (auto.offset.reset) and miss the
    // dead worker's appends. What was deleted is older than the retention: the engine read it long
    // ago.
    committed.seek(tp, Math.max(from, committed.beginningOffsets(List.of(tp)).get(tp)));
    Map<String, String> done = new HashMap<>();
    boolean finished = false;
    boolean superseded = false;
    Instant deadline = Instant.now().plus(DEADLINE);
    while (committed.position(tp) < target) {
      if (Instant.now().isAfter(deadline)) {
        LOG.warn(
            "catch-up of run {} stopped at offset {} of {}",
            execution.runId(),
            committed.position(tp),
            target);
        break;
      }
      for (ConsumerRecord<String, byte[]> record : committed.poll(Duration.ofMillis(100))) {
        if (!execution.runId().equals(record.key())) {
          continue;
        }
        RunEvent event;
        try {
          event = Codecs.RUN_EVENT.decode(record.value());
        } catch (DecodeException e) {
          continue;
        }
        RunEventBody body = event.body();
        boolean ours = event.execution() != null && event.execution() == execution.execution();
        if (body instanceof RunEventBody.TaskCompleted c && ours) {
          done.putIfAbsent(c.key(), c.output());
        } else if (body instanceof RunEventBody.RunStarted s
            && s.execution() > execution.execution()) {
          superseded = true;
        } else if (body instanceof RunEventBody.RunSucceeded
            || body instanceof RunEventBody.RunFailed
            || body instanceof RunEventBody.RunCanceled
            || body instanceof RunEventBody.RunTimedOut) {
          finished = true;
        }
      }
    }
    return new CatchUp(done, finished, superseded);
  }

  /** The partition the producers' default partitioner gives the run's id. */
  private int partitionOf(String runId) {
    int partitions = committed.partitionsFor(topic).size();
    return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * An offset at or before the run's {@code RunCreated}, for an execution dispatched with it (its
   * offset was not known yet): that record carries the creation time as its timestamp. The margin
   * covers a topic that stamps records with the broker's clock.
   */
  private long offsetAround(TopicPartition tp, Instant createdAt) {
    OffsetAndTimestamp found =
        committed.offsetsForTimes(Map.of(tp, createdAt.minus(CLOCK_MARGIN).toEpochMilli())).get(tp);
    return found != null ? found.offset() : committed.endOffsets(List.of(tp)).get(tp);
  }

  @Override
  public void close() {
    committed.close();
    uncommitted.close();
  }

  private static KafkaConsumer<String, byte[]> consumer(Properties base, String isolation) {
    Properties p = new Properties();
    p.putAll(base);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
