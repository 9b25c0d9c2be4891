package dev.runlog.cli.it;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Halts the JVM, as SIGKILL would, once the broker has acknowledged a {@code TaskCompleted} that a
 * Kafka send wrote in its transaction, before the transaction is committed: the records and the
 * completion are in the log, uncommitted. Set through the worker's Kafka properties ({@code
 * interceptor.classes}), it reaches every client of the worker, so it is also a consumer
 * interceptor that does nothing, and it arms itself only in transactional producers. {@value
 * #TOPIC} names the run-events topic.
 */
public final class HaltOnCompletion
    implements ProducerInterceptor<byte[], byte[]>, ConsumerInterceptor<Object, Object> {
  static final String TOPIC = "runlog.test.halt.topic";
  private boolean armed;
  private String runEvents;

  @Override
  public void configure(Map<String, ?> configs) {
    armed = configs.get("transactional.id") != null;
    runEvents = String.valueOf(configs.get(TOPIC));
  }

  @Override
  public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    if (armed && exception == null && metadata != null && runEvents.equals(metadata.topic())) {
      System.out.println("halting before the commit");
      System.out.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  @Override
  public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
    return records;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

  @Override
  public void close() {}
}
