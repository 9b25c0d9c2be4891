package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
    TopicPartition tp = new TopicPartition(topic, execution.logPartition());
    long target = uncommitted.endOffsets(List.of(tp)).get(tp);
    committed.assign(List.of(tp));
    committed.seek(tp, execution.logOffset());
    Map<String, String> done = new HashMap<>();
    boolean finished = false;
    boolean superseded = false;
    Instant deadline = Instant.now().plus(DEADLINE);
    while (committed.position(tp) < target) {
      if (Instant.now().isAfter(deadline)) {
        LOG.warn("catch-up of run {} stopped at offset {} of {}", execution.runId(), committed.position(tp), target);
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
        } else if (body instanceof RunEventBody.RunStarted s && s.execution() > execution.execution()) {
          superseded = true;
        } else if (body instanceof RunEventBody.RunSucceeded || body instanceof RunEventBody.RunFailed
            || body instanceof RunEventBody.RunCanceled || body instanceof RunEventBody.RunTimedOut) {
          finished = true;
        }
      }
    }
    return new CatchUp(done, finished, superseded);
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
