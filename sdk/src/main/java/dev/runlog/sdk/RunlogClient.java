package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends trigger events. Every job listening to the event's name gets a run.
 *
 * <pre>{@code
 * try (RunlogClient client = RunlogClient.connect("localhost:9092")) {
 *   String eventId = client.send("new.star", new Star("ada", "runlog"));
 * }
 * }</pre>
 */
public final class RunlogClient implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final Topics topics;
  private final Clock clock = Clock.systemUTC();

  private RunlogClient(String bootstrapServers, String topicPrefix, Map<String, Object> kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.putAll(kafka);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topics = new Topics(topicPrefix);
  }

  public static RunlogClient connect(String bootstrapServers) {
    return new RunlogClient(bootstrapServers, Topics.DEFAULT_PREFIX, Map.of());
  }

  public static RunlogClient connect(
      String bootstrapServers, String topicPrefix, Map<String, Object> kafka) {
    return new RunlogClient(bootstrapServers, topicPrefix, kafka);
  }

  /** Sends event {@code name} with a new id; returns the id. */
  public String send(String name, Object payload) {
    return send(name, UUID.randomUUID().toString(), payload, null);
  }

  /**
   * Sends event {@code name} with id {@code id}: sending the same id again starts no second run.
   *
   * @param context free-form context shown to the run as {@link Context#eventContext()}, may be
   *     null
   * @return the event id, once the event is durable
   */
  public String send(String name, String id, Object payload, Map<String, Object> context) {
    TriggerEvent event =
        new TriggerEvent(
            id,
            name,
            Json.write(payload),
            context == null ? null : Json.write(context),
            clock.instant(),
            null,
            "sdk");
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topics.triggers().name(), id, Codecs.TRIGGER_EVENT.encode(event)))
          .get();
      return id;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot send " + name + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Asks to cancel run {@code runId}: a queued or waiting run is canceled at once, an executing one
   * stops at its next task boundary. Canceling a finished run does nothing.
   */
  public void cancel(String runId, String reason) {
    RunEvent event =
        new RunEvent(
            runId,
            clock.instant(),
            Origin.API,
            null,
            new RunEventBody.CancelRequested(reason, "sdk"));
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topics.runEvents().name(), runId, Codecs.RUN_EVENT.encode(event));
    record
        .headers()
        .add(Origin.HEADER, Origin.API.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while canceling " + runId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot cancel " + runId + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
