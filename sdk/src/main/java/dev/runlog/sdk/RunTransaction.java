package dev.runlog.sdk;

import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.TaskIntegration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The Kafka sends of one execution of a run, on the run's transactional producer: opened at the
 * execution's first send, reused by its later ones, closed when the execution ends.
 *
 * <p>A send: {@code initTransactions} (once: fences the producers of the run's other executions and
 * waits for their last transaction to end), then a read of what the run's executions committed
 * (once; afterwards only this producer can commit for the run); a send found there is adopted,
 * otherwise the records and the {@code TaskCompleted} are written in one transaction. A fenced
 * producer means a later execution took over, and a transient error of Kafka's that it could not
 * take the send for now: either way this execution stops as when the log cannot be written. A
 * transaction Kafka told to abort and try again is tried again at once first ({@link
 * AbortableRetry}).
 */
final class RunTransaction {
  private static final byte[] WORKER = Origin.WORKER.name().getBytes(StandardCharsets.UTF_8);

  /** What a send left: its output's JSON, and whether it was committed by another execution. */
  record Sent(String outputJson, boolean adopted) {}

  private final TransactionalSends sends;
  private final ExecuteRun command;
  private KafkaProducer<byte[], byte[]> producer;
  private Map<String, String> committed;

  RunTransaction(TransactionalSends sends, ExecuteRun command) {
    this.sends = sends;
    this.command = command;
  }

  /**
   * Writes {@code records} to {@code topic} with task {@code key}'s {@code TaskCompleted}, unless
   * the run already committed that task.
   *
   * @throws RunAppender.AppendFailed when a later execution fenced this one, or Kafka could not
   *     take the send for now ({@link #isTransient})
   * @throws IntegrationException (not retryable) when {@code topic} does not exist
   * @throws Exception when the send failed otherwise (nothing of it is visible to read_committed
   *     readers; the next send opens a new producer and reads the log again, for a commit whose
   *     outcome was not known)
   */
  Sent send(
      String key,
      String topic,
      List<KafkaRecord> records,
      Instant startedAt,
      int attempt,
      Instant now)
      throws Exception {
    try {
      if (producer == null) {
        producer = sends.producer(command.runId());
        producer.initTransactions();
        committed = sends.committedSends(command);
      }
      String done = committed.get(key);
      if (done != null) {
        return new Sent(done, true);
      }
      return AbortableRetry.run(
          () -> write(key, topic, records, startedAt, attempt, now),
          producer::abortTransaction,
          RunTransaction::pause);
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      if (isFenced(cause)) {
        discard();
        throw new RunAppender.AppendFailed(
            "run "
                + command.runId()
                + " execution "
                + command.execution()
                + " was fenced by a later execution's Kafka producer",
            cause);
      }
      abortQuietly();
      discard();
      if (isTransient(cause) && sends.isMissing(topic)) {
        // Trying again cannot help until someone creates it: the task fails, saying so, as a send
        // Kafka refuses does (the producer only timed out waiting for the topic's metadata).
        throw new IntegrationException(
            "topic "
                + topic
                + " does not exist on runlog's Kafka cluster: the send of task '"
                + key
                + "' was not made",
            cause,
            false);
      }
      if (isTransient(cause)) {
        throw new RunAppender.AppendFailed(
            "run "
                + command.runId()
                + " execution "
                + command.execution()
                + ": Kafka did not take the send of task '"
                + key
                + "' ("
                + cause
                + "); the run resumes when its lease runs out, and finds the send if it was"
                + " committed after all",
            cause);
      }
      throw cause instanceof Exception ex ? ex : e;
    }
  }

  /** One transaction: the records and the task's {@code TaskCompleted}, committed together. */
  private Sent write(
      String key,
      String topic,
      List<KafkaRecord> records,
      Instant startedAt,
      int attempt,
      Instant now)
      throws Exception {
    producer.beginTransaction();
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (KafkaRecord r : records) {
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(topic, null, r.keyBytes(), r.valueBytes());
      r.headers()
          .forEach(
              (name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
      acks.add(producer.send(record));
    }
    List<RecordWritten> written = new ArrayList<>(acks.size());
    for (Future<RecordMetadata> ack : acks) {
      RecordMetadata m = ack.get();
      written.add(new RecordWritten(m.topic(), m.partition(), m.offset()));
    }
    String json = Json.write(written);
    RunEvent event =
        RunEvent.worker(
            command.runId(),
            now,
            command.execution(),
            new RunEventBody.TaskCompleted(
                key, json, startedAt, attempt, TaskIntegration.KAFKA_SEND));
    // stamped no earlier than the run's creation, so that a read from there finds it
    long timestamp = Math.max(now.toEpochMilli(), command.runCreatedAt().toEpochMilli());
    ProducerRecord<byte[], byte[]> completion =
        new ProducerRecord<>(
            sends.runEvents(),
            null,
            timestamp,
            command.runId().getBytes(StandardCharsets.UTF_8),
            Codecs.RUN_EVENT.encode(event));
    completion.headers().add(Origin.HEADER, WORKER);
    producer.send(completion);
    producer.commitTransaction();
    committed.put(key, json);
    return new Sent(json, false);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // a back-off before the transaction's next attempt
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunAppender.AppendFailed("interrupted between attempts of a Kafka send", e);
    }
  }

  /**
   * Whether {@code t} says that Kafka could not take the send for now (a broker down, a leader
   * moving, a coordinator loading, a time-out, other runs' transactions in the way), not that this
   * send is wrong. Such a send is not a failed attempt of its task: like an append that fails, it
   * stops the execution, and the next one tries again. (As a task failure it spent the job's
   * retries, and failed the run of a job without them, whenever a broker was lost.)
   */
  static boolean isTransient(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof RetriableException
          || c instanceof TransactionalSends.TransactionsStuckException) {
        return true;
      }
    }
    return false;
  }

  /** Closes the producer, if the execution opened one. */
  void close() {
    discard();
  }

  private void abortQuietly() {
    if (producer == null) {
      return;
    }
    try {
      producer.abortTransaction();
    } catch (RuntimeException ignored) {
      // not in a transaction, or the producer is broken: closing it is what is left
    }
  }

  private void discard() {
    if (producer != null) {
      KafkaProducer<byte[], byte[]> p = producer;
      producer = null;
      committed = null;
      sends.closed(p, Duration.ofSeconds(5));
    }
  }

  private static boolean isFenced(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ProducerFencedException || c instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }
}
