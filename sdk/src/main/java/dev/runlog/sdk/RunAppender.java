package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Appends a worker's run events to run-events and waits until each is durable (acks=all). */
final class RunAppender {
  private static final byte[] WORKER = Origin.WORKER.name().getBytes(StandardCharsets.UTF_8);
  private final Producer<String, byte[]> producer;
  private final String topic;

  RunAppender(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  void append(RunEvent event) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, event.runId(), Codecs.RUN_EVENT.encode(event));
    record.headers().add(Origin.HEADER, WORKER);
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppendFailed(
          "interrupted while appending " + event.type() + " of " + event.runId(), e);
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new AppendFailed(
          "cannot append " + event.type() + " of " + event.runId() + ": " + cause.getMessage(),
          cause);
    }
  }

  /**
   * Sends a trigger event on {@code topic}, keyed by its id, and waits until it is durable: the
   * worker's one producer serves its runs' events too.
   */
  void send(String topic, TriggerEvent event) {
    byte[] encoded = RecordLimits.trigger(event, Codecs.TRIGGER_EVENT.encode(event));
    try {
      producer.send(new ProducerRecord<>(topic, event.id(), encoded)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppendFailed("interrupted while sending event " + event.name(), e);
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new AppendFailed(
          "cannot send event " + event.name() + ": " + cause.getMessage(), cause);
    }
  }

  /**
   * The log could not be written: not the job's fault, so the run is not failed for it. The
   * execution stops; the engine's lease dispatches the run again.
   */
  static final class AppendFailed extends Error {
    AppendFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
