package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.job.JobDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The jobs registered on the compacted {@code jobs} topic, as {@code io.invoke} checks them: the
 * worker's own jobs at once, another worker's by reading the topic to its end, again on a miss (a
 * job registered since). Reads are rare, so one consumer, without a group, serves all runs.
 */
final class JobCatalog implements AutoCloseable {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private final String topic;
  private final Properties client;
  private final Map<String, JobDefinition> own;
  private final Map<String, JobDefinition> read = new HashMap<>();
  private KafkaConsumer<String, byte[]> consumer;

  JobCatalog(String topic, Properties client, Map<String, JobDefinition> own) {
    this.topic = topic;
    this.client = client;
    this.own = Map.copyOf(own);
  }

  /** The job's definition, or empty when no worker has registered it. */
  synchronized Optional<JobDefinition> find(String jobId) {
    JobDefinition job = own.containsKey(jobId) ? own.get(jobId) : read.get(jobId);
    if (job == null) {
      readToEnd();
      job = read.get(jobId);
    }
    return Optional.ofNullable(job);
  }

  private void readToEnd() {
    if (consumer == null) {
      Properties p = new Properties();
      p.putAll(client);
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    Instant deadline = Instant.now().plus(READ_TIMEOUT);
    while (!caughtUp(ends)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("cannot read " + topic + " within " + READ_TIMEOUT);
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.value() == null) {
          read.remove(r.key()); // deleted
        } else {
          read.put(r.key(), Codecs.JOB_DEFINITION.decode(r.value()));
        }
      }
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  @Override
  public synchronized void close() {
    if (consumer != null) {
      consumer.close();
    }
  }
}
