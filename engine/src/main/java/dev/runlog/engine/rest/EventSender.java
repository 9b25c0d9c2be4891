package dev.runlog.engine.rest;

import dev.runlog.engine.query.RunView;
import dev.runlog.engine.retention.EventPartitions;
import dev.runlog.engine.run.RunMachine;
import dev.runlog.engine.topology.EngineTopology;
import dev.runlog.engine.trigger.FirstStart;
import dev.runlog.engine.trigger.StartedByApi;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.connection.Connection;
import dev.runlog.protocol.execution.ExecuteRun;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends what the API receives (trigger events, cancel requests) to Kafka, durably, before
 * answering.
 */
public final class EventSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;
  private final Topics topics;
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
    // An execution record the API writes lands within this or never: the engine sends one no
    // worker took again only after it (RunMachine.API_SEND_TIMEOUT).
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) RunMachine.API_SEND_TIMEOUT.toMillis());
    p.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) RunMachine.API_SEND_TIMEOUT.toMillis() / 2);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Properties a = new Properties();
    a.put("bootstrap.servers", bootstrapServers);
    a.putAll(kafka);
    this.admin = Admin.create(a);
    this.topics = topics;
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
    send(event, List.of());
  }

  /**
   * Appends {@code event} to the triggers after writing the {@code starts} of its runs that start
   * at once, each step once the one before is written: the runs' {@code RunCreated} and {@code
   * RunStarted}; the trigger, which names those runs' jobs so that the engine records them and
   * writes nothing more for them; then, without waiting for it, each run's first execution. No
   * transaction, so a worker takes the execution without waiting for the engine. An execution is
   * never out before its run's events (a worker's events for a run the log does not know would be
   * ignored, its side effects unrecorded), nor before its trigger (a client that sends the event
   * again, having had no answer, then finds it read, or the engine behind on its partition, and the
   * engine's path writes no second execution: {@link ImmediateStarts}). If this process dies before
   * the execution is written, the run's first lease sends it again ({@code RunMachine.RESENT}).
   *
   * @throws ApiError 413 when the engine would refuse it for its size
   */
  public void send(TriggerEvent event, List<FirstStart> starts) {
    byte[] encoded;
    try {
      encoded = RecordLimits.trigger(event, Codecs.TRIGGER_EVENT.encode(event));
    } catch (IllegalArgumentException e) {
      throw new ApiError(413, e.getMessage());
    }
    if (starts.isEmpty()) {
      append(new ProducerRecord<>(topic, event.id(), encoded));
      return;
    }
    int partition = triggerPartition(event.id());
    List<Future<RecordMetadata>> logged = new ArrayList<>();
    for (FirstStart start : starts) {
      runEventRecords(start, runEventsTopic, partition)
          .forEach(record -> logged.add(producer.send(record)));
    }
    awaitAll(logged);
    ProducerRecord<String, byte[]> trigger =
        new ProducerRecord<>(topic, partition, event.id(), encoded);
    StartedByApi.mark(trigger.headers(), starts.stream().map(s -> s.execution().jobId()).toList());
    await(producer.send(trigger));
    for (FirstStart start : starts) {
      ExecuteRun first = start.execution();
      producer.send(
          new ProducerRecord<>(
              topics.executions(first.jobId()).name(),
              null,
              first.runCreatedAt().toEpochMilli(),
              first.runId(),
              Codecs.EXECUTE_RUN.encode(first)),
          (written, e) -> {
            if (e != null) { // the run's first lease sends it again (RunMachine.RESENT)
              LOG.warn(
                  "execution 1 of run {} not written: {}; the engine sends it again",
                  first.runId(),
                  e.getMessage());
            }
          });
    }
  }

  /**
   * The records of a run's start that the API writes to {@code runEventsTopic}: its {@code
   * RunCreated}, marked with the triggers partition of its event, and its {@code RunStarted}, both
   * marked as dispatched, so that the engine folds them and does not decide them again.
   */
  public static List<ProducerRecord<String, byte[]>> runEventRecords(
      FirstStart start, String runEventsTopic, int triggerPartition) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    records.add(runEventRecord(start.created(), start.started(), runEventsTopic));
    EventPartitions.mark(records.get(0).headers(), triggerPartition);
    start.started().forEach(event -> records.add(runEventRecord(event, List.of(), runEventsTopic)));
    return records;
  }

  private static ProducerRecord<String, byte[]> runEventRecord(
      RunEvent event, List<RunEvent> then, String topic) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            topic,
            null,
            event.timestamp().toEpochMilli(),
            event.runId(),
            Codecs.RUN_EVENT.encode(event));
    record.headers().add(Origin.HEADER, event.origin().name().getBytes(StandardCharsets.UTF_8));
    EngineTopology.markDispatched(record.headers(), then);
    return record;
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
    return await(producer.send(record));
  }

  private void awaitAll(List<Future<RecordMetadata>> sent) {
    sent.forEach(EventSender::await);
  }

  private static RecordMetadata await(Future<RecordMetadata> sent) {
    try {
      // the producer gives up first, with its own reason
      return sent.get(RunMachine.API_SEND_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted while appending to Kafka");
    } catch (ExecutionException | TimeoutException e) {
      throw new ApiError(
          503, "cannot append to Kafka: " + (e.getCause() == null ? e : e.getCause()).getMessage());
    }
  }

  /** The triggers partition of the trigger of event {@code eventId}, which is keyed by its id. */
  public int triggerPartition(String eventId) {
    byte[] key = eventId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % producer.partitionsFor(topic).size();
  }

  /**
   * The end of triggers partition {@code partition}: the offset its next record gets.
   *
   * @throws ApiError 503 when Kafka does not say
   */
  public long triggerEnd(int partition) {
    TopicPartition tp = new TopicPartition(topic, partition);
    try {
      return admin
          .listOffsets(Map.of(tp, OffsetSpec.latest()))
          .partitionResult(tp)
          .get(RunMachine.API_SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted while asking Kafka for the triggers' end");
    } catch (ExecutionException | TimeoutException e) {
      throw new ApiError(
          503,
          "cannot ask Kafka for the triggers' end: "
              + (e.getCause() == null ? e : e.getCause()).getMessage());
    }
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
  }
}
