package dev.runlog.engine.rest;

import dev.runlog.engine.query.RunView;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.connection.Connection;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends what the API receives (trigger events, cancel requests) to Kafka, durably, before
 * answering.
 */
public final class EventSender implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final String runEventsTopic;
  private final String jobsTopic;
  private final String sourcesTopic;
  private final String connectionsTopic;
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
    this.jobsTopic = topics.jobs().name();
    this.sourcesTopic = topics.sources().name();
    this.connectionsTopic = topics.connections().name();
  }

  /**
   * Appends {@code event} to the triggers.
   *
   * @throws ApiError 413 when the engine would refuse it for its size
   */
  public void send(TriggerEvent event) {
    byte[] encoded;
    try {
      encoded = RecordLimits.trigger(event, Codecs.TRIGGER_EVENT.encode(event));
    } catch (IllegalArgumentException e) {
      throw new ApiError(413, e.getMessage());
    }
    append(new ProducerRecord<>(topic, event.id(), encoded));
  }

  /**
   * Removes job {@code jobId}: a tombstone on the compacted jobs topic. Its runs keep their state.
   */
  public void deleteJob(String jobId) {
    append(new ProducerRecord<>(jobsTopic, jobId, null));
  }

  /**
   * Writes source {@code source}'s definition (compacted topic: it replaces the one before).
   *
   * @return where it was written, to wait until the catalog has read it
   */
  public RecordMetadata putSource(SourceDefinition source) {
    return append(
        new ProducerRecord<>(sourcesTopic, source.id(), Codecs.SOURCE_DEFINITION.encode(source)));
  }

  /** Deletes source {@code id}: a tombstone on the compacted sources topic. */
  public RecordMetadata deleteSource(String id) {
    return append(new ProducerRecord<>(sourcesTopic, id, null));
  }

  /**
   * Writes a managed connection, sealed (compacted topic: it replaces the one before).
   *
   * @return where it was written, to wait until the catalog has read it
   */
  public RecordMetadata putConnection(Connection connection) {
    return append(
        new ProducerRecord<>(
            connectionsTopic, connection.key(), Codecs.CONNECTION.encode(connection)));
  }

  /** Deletes the connection with {@code key}: a tombstone on the compacted connections topic. */
  public RecordMetadata deleteConnection(String key) {
    return append(new ProducerRecord<>(connectionsTopic, key, null));
  }

  /**
   * Appends a {@code CancelRequested} to the run's log; the engine decides what it means for the
   * run.
   */
  public void cancel(String runId, String reason) {
    appendEvent(
        new RunEvent(
            runId,
            clock.instant(),
            Origin.API,
            null,
            new RunEventBody.CancelRequested(reason, "api")));
  }

  /**
   * Appends a {@code RunContinued} to the run's log: a FAILURE, TIMED_OUT or CANCELED run resumes
   * as the same run.
   */
  public void continueRun(String runId, String reason) {
    appendEvent(
        new RunEvent(
            runId,
            clock.instant(),
            Origin.API,
            null,
            new RunEventBody.RunContinued("api", reason)));
  }

  /**
   * Starts a new run with the payload of {@code run}, linked to it both ways: the new run's {@code
   * RunCreated} names the original, and the original gets a {@code RunReplayed}.
   *
   * @return the new run's id
   */
  public String replay(RunView run) {
    String newRunId = RunIds.of("replay:" + run.id() + ":" + UUID.randomUUID(), run.jobId());
    Instant now = clock.instant();
    RunEventBody.RunCreated created =
        new RunEventBody.RunCreated(
            run.jobId(),
            run.jobVersion(),
            run.eventId(),
            run.eventName(),
            now,
            text(run.payload()),
            run.context() == null ? null : text(run.context()),
            run.id(),
            null);
    appendEvent(new RunEvent(newRunId, now, Origin.API, null, created));
    appendEvent(
        new RunEvent(run.id(), now, Origin.API, null, new RunEventBody.RunReplayed(newRunId)));
    return newRunId;
  }

  private void appendEvent(RunEvent event) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(runEventsTopic, event.runId(), Codecs.RUN_EVENT.encode(event));
    record.headers().add(Origin.HEADER, event.origin().name().getBytes(StandardCharsets.UTF_8));
    append(record);
  }

  private static String text(com.fasterxml.jackson.databind.JsonNode json) {
    return json == null ? "null" : json.toString();
  }

  private RecordMetadata append(ProducerRecord<String, byte[]> record) {
    try {
      return producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted while appending to Kafka");
    } catch (ExecutionException | TimeoutException e) {
      throw new ApiError(
          503, "cannot append to Kafka: " + (e.getCause() == null ? e : e.getCause()).getMessage());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
