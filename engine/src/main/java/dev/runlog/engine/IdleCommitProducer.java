package dev.runlog.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A transactional producer that does not send a transaction's offsets when the transaction sent no
 * record and the offsets, with the group generation, are those of the last transaction it
 * committed: committing them again changes nothing, and without them the transaction is empty, so
 * the Kafka producer completes it without a request (no EndTxn, no markers). See {@link
 * IdleCommits} for why Kafka Streams commits such transactions.
 *
 * <p>What is remembered is forgotten whenever a transaction does not end in a commit (an abort, an
 * error, a new {@code initTransactions}): the next offsets are then sent whatever they are. Used by
 * one stream thread at a time, like the producer Kafka Streams gives each thread.
 */
final class IdleCommitProducer<K, V> implements Producer<K, V> {
  private final Producer<K, V> delegate;

  /** The offsets and group of the last committed transaction; null when unknown. */
  private Map<TopicPartition, OffsetAndMetadata> committedOffsets;

  private ConsumerGroupMetadata committedGroup;

  /** Offsets and group added to the open transaction; null when none. */
  private Map<TopicPartition, OffsetAndMetadata> pendingOffsets;

  private ConsumerGroupMetadata pendingGroup;

  /** The open transaction sent a record (or offsets): it is not empty. */
  private boolean wrote;

  IdleCommitProducer(Producer<K, V> delegate) {
    this.delegate = delegate;
  }

  @Override
  public void initTransactions() {
    forget();
    delegate.initTransactions();
  }

  @Override
  public void beginTransaction() {
    pendingOffsets = null;
    pendingGroup = null;
    wrote = false;
    delegate.beginTransaction();
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    if (!wrote
        && committedOffsets != null
        && committedOffsets.equals(offsets)
        && Objects.equals(committedGroup, groupMetadata)) {
      pendingOffsets = committedOffsets;
      pendingGroup = committedGroup;
      return; // committed already: the transaction stays empty
    }
    wrote = true;
    try {
      delegate.sendOffsetsToTransaction(offsets, groupMetadata);
    } catch (RuntimeException e) {
      forget();
      throw e;
    }
    pendingOffsets = Map.copyOf(offsets);
    pendingGroup = groupMetadata;
  }

  @Override
  public void commitTransaction() {
    try {
      delegate.commitTransaction();
    } catch (RuntimeException e) {
      forget();
      throw e;
    }
    if (pendingOffsets != null) {
      committedOffsets = pendingOffsets;
      committedGroup = pendingGroup;
    }
    pendingOffsets = null;
    pendingGroup = null;
    wrote = false;
  }

  @Override
  public void abortTransaction() {
    forget();
    delegate.abortTransaction();
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    wrote = true;
    return delegate.send(record);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
    wrote = true;
    return delegate.send(record, callback);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    delegate.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    delegate.unregisterMetricFromSubscription(metric);
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }

  private void forget() {
    committedOffsets = null;
    committedGroup = null;
    pendingOffsets = null;
    pendingGroup = null;
    wrote = false;
  }
}
