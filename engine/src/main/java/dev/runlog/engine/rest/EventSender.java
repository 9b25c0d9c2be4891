package dev.runlog.engine.rest;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

/** Appends what the API receives (trigger events, cancel requests) to Kafka, durably, before answering. */
public final class EventSender implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final String runEventsTopic;
  private final Clock clock = Clock.systemUTC();

  public EventSender(String bootstrapServers, Topics topics, Map<String, Object> kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.putAll(kafka);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topic = topics.triggers().name();
    this.runEventsTopic = topics.runEvents().name();
  }

  public void send(TriggerEvent event) {
    append(new ProducerRecord<>(topic, event.id(), Codecs.TRIGGER_EVENT.encode(event)));
  }

  /** Appends a {@code CancelRequested} to the run's log; the engine decides what it means for the run. */
  public void cancel(String runId, String reason) {
    RunEvent event = new RunEvent(runId, clock.instant(), Origin.API, null, new RunEventBody.CancelRequested(reason, "api"));
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(runEventsTopic, runId, Codecs.RUN_EVENT.encode(event));
    record.headers().add(Origin.HEADER, Origin.API.name().getBytes(StandardCharsets.UTF_8));
    append(record);
  }

  private void append(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted while appending to Kafka");
    } catch (ExecutionException | TimeoutException e) {
      throw new ApiError(503, "cannot append to Kafka: " + (e.getCause() == null ? e : e.getCause()).getMessage());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
