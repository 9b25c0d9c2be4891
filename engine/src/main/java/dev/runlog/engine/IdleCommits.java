package dev.runlog.engine;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Makes the commits of an idle engine free. Kafka Streams 4.3 marks a task as needing a commit at
 * every wall-clock punctuation, and a task commits the offsets of every input partition it ever
 * read, changed or not: under exactly-once, each commit interval of an engine that had processed a
 * single record was a transaction (AddOffsetsToTxn, TxnOffsetCommit, EndTxn, markers) that
 * re-committed the same offsets. Measured on an idle {@code runlog dev} after one event: 10
 * transactions a second, about 7% of a core in the broker and the engine.
 *
 * <p>The producers it gives Kafka Streams leave out {@link IdleCommitProducer the offsets of a
 * transaction that sent nothing} when they are those the last committed transaction committed; the
 * Kafka producer completes such an empty transaction without a request. A transaction that wrote
 * anything, or moved any offset, is committed as before.
 */
final class IdleCommits implements KafkaClientSupplier {
  private final KafkaClientSupplier delegate;

  IdleCommits(KafkaClientSupplier delegate) {
    this.delegate = delegate;
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return delegate.getAdmin(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new IdleCommitProducer<>(delegate.getProducer(config));
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return delegate.getConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return delegate.getRestoreConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return delegate.getGlobalConsumer(config);
  }
}
