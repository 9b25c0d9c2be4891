package dev.runlog.engine.source;

import dev.runlog.connectors.kafka.Mapping;
import dev.runlog.connectors.kafka.RecordMapper;
import dev.runlog.connectors.kafka.SourceRecord;
import dev.runlog.connectors.registry.RegistryException;
import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.header.Header;

/**
 * Turns one poll's records into their trigger events (and dead letters) and writes them in one
 * Kafka transaction with the offsets that follow them ({@code sendOffsetsToTransaction} with the
 * consumer's group metadata, so that a member that lost the partitions meanwhile cannot commit):
 * the triggers of a record and the record's consumption are committed together or not at all.
 *
 * <p>After a failed transaction the consumer's position is past records that were not committed, so
 * the caller must not poll on: every failure ends the session, and the next one starts from the
 * committed offsets.
 */
final class SourceTransaction {
  /**
   * A trigger event no larger than this is written; a larger one goes to dead letters, which keep a
   * cut original. Under Kafka's default 1 MB record limit (max.request.size, max.message.bytes), so
   * that one huge record cannot fail every transaction of its batch for ever.
   */
  static final int MAX_TRIGGER_BYTES = RecordLimits.TRIGGER_BYTES;

  /** What a transaction wrote. */
  record Outcome(int triggered, int deadLettered) {}

  /** The registry cannot give a schema now: nothing was committed; try again later. */
  static final class RegistryFailure extends Exception {
    RegistryFailure(String message) {
      super(message);
    }
  }

  /**
   * The clients cannot go on (a rebalance took the partitions, another life of this source fenced
   * this one); nothing was committed: start again with new clients at once.
   */
  static final class Restart extends RuntimeException {
    Restart(String message) {
      super(message);
    }
  }

  private final String sourceId;
  private final RecordMapper mapper;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String triggers;
  private final String deadLetters;
  private final Clock clock;

  SourceTransaction(
      String sourceId,
      RecordMapper mapper,
      KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> producer,
      Topics topics,
      Clock clock) {
    this.sourceId = sourceId;
    this.mapper = mapper;
    this.consumer = consumer;
    this.producer = producer;
    this.triggers = topics.triggers().name();
    this.deadLetters = topics.deadLetters().name();
    this.clock = clock;
  }

  Outcome write(ConsumerRecords<byte[], byte[]> records) throws RegistryFailure {
    producer.beginTransaction();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    int triggered = 0;
    int dead = 0;
    try {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        ProducerRecord<byte[], byte[]> out = output(record);
        producer.send(out);
        if (out.topic().equals(triggers)) {
          triggered++;
        } else {
          dead++;
        }
        offsets.put(
            new TopicPartition(record.topic(), record.partition()),
            new OffsetAndMetadata(record.offset() + 1));
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
      return new Outcome(triggered, dead);
    } catch (RegistryException e) {
      abort();
      throw new RegistryFailure(e.getMessage());
    } catch (ProducerFencedException
        | InvalidProducerEpochException
        | FencedInstanceIdException e) {
      // fenced: this producer can do nothing more, not even abort; the broker aborts for it
      throw new Restart("fenced by another life of this source: " + e.getMessage());
    } catch (CommitFailedException | RebalanceInProgressException e) {
      abort();
      throw new Restart("the group rebalanced during a transaction: " + e.getMessage());
    } catch (KafkaException e) {
      abort();
      throw e;
    }
  }

  /** The record's trigger event, or its dead letter. */
  private ProducerRecord<byte[], byte[]> output(ConsumerRecord<byte[], byte[]> record)
      throws RegistryException {
    Mapping mapping;
    try {
      mapping = mapper.map(source(record), clock.instant());
    } catch (RuntimeException e) { // a record that breaks the mapper must not stop the source
      mapping = new Mapping.Unmappable("mapping failed: " + KafkaSourceLoop.describe(e));
    }
    if (mapping instanceof Mapping.Mapped mapped) {
      TriggerEvent event = mapped.event();
      byte[] value = Codecs.TRIGGER_EVENT.encode(event);
      if (value.length <= MAX_TRIGGER_BYTES) {
        return new ProducerRecord<>(triggers, event.id().getBytes(StandardCharsets.UTF_8), value);
      }
      mapping =
          new Mapping.Unmappable(
              "its trigger event is "
                  + value.length
                  + " bytes, more than the "
                  + MAX_TRIGGER_BYTES
                  + " a trigger may have");
    }
    String reason = ((Mapping.Unmappable) mapping).reason();
    return new ProducerRecord<>(
        deadLetters,
        record.key(),
        Codecs.DEAD_LETTER.encode(
            DeadLetters.letter(
                "kafka source " + sourceId + ": " + reason,
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                clock.instant())));
  }

  private static SourceRecord source(ConsumerRecord<byte[], byte[]> record) {
    List<SourceRecord.Header> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(new SourceRecord.Header(header.key(), header.value()));
    }
    return new SourceRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.key(),
        headers,
        record.value());
  }

  private void abort() {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      // the session ends anyway, and closing the producer aborts what is open
    }
  }
}
