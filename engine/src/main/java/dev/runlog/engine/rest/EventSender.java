package dev.runlog.engine.rest;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Appends trigger events received over HTTP to the triggers topic, durably, before answering. */
public final class EventSender implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  public EventSender(String bootstrapServers, Topics topics, Map<String, Object> kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.putAll(kafka);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topic = topics.triggers().name();
  }

  public void send(TriggerEvent event) {
    try {
      producer.send(new ProducerRecord<>(topic, event.id(), Codecs.TRIGGER_EVENT.encode(event))).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted while sending the event");
    } catch (ExecutionException | TimeoutException e) {
      throw new ApiError(503, "cannot append the event to Kafka: " + (e.getCause() == null ? e : e.getCause()).getMessage());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
