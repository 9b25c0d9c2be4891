package dev.runlog.engine.deadletter;

import dev.runlog.protocol.deadletter.DeadLetter;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead letter for the record a processor is handling. */
public final class DeadLetters {
  public static final String SINK = "dead-letters-sink";

  private DeadLetters() {}

  /** Forwards the current record, with {@code reason}, to the dead-letter sink. */
  public static void send(ProcessorContext<Object, Object> context, byte[] key, byte[] value, String reason) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    DeadLetter letter = new DeadLetter(reason, meta == null ? "?" : meta.topic(), meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(), key, value, Instant.ofEpochMilli(context.currentSystemTimeMs()));
    context.forward(new Record<Object, Object>(key, letter, context.currentSystemTimeMs()), SINK);
  }
}
