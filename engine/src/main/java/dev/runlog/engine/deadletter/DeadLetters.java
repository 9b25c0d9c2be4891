package dev.runlog.engine.deadletter;

import dev.runlog.protocol.deadletter.DeadLetter;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead letter for the record a processor is handling. */
public final class DeadLetters {
  public static final String SINK = "dead-letters-sink";

  /**
   * The most of the original key and value a dead letter keeps. With its reason and source it stays
   * under Kafka's default 1 MB record limit, so that a poison record of any size can be
   * dead-lettered: a dead letter too large to produce would fail the stream thread on that record.
   */
  static final int MAX_ORIGINAL_BYTES = 1_000_000;

  static final int MAX_REASON_CHARS = 4_000;

  private DeadLetters() {}

  /** Forwards the current record, with {@code reason}, to the dead-letter sink. */
  public static void send(
      ProcessorContext<Object, Object> context, byte[] key, byte[] value, String reason) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    boolean fromTopic = meta != null && meta.topic() != null; // a punctuation has no topic
    DeadLetter letter =
        letter(
            reason,
            fromTopic ? meta.topic() : "?",
            fromTopic ? meta.partition() : -1,
            fromTopic ? meta.offset() : -1,
            key,
            value,
            Instant.ofEpochMilli(context.currentSystemTimeMs()));
    context.forward(new Record<Object, Object>(key, letter, context.currentSystemTimeMs()), SINK);
  }

  /**
   * Forwards the current record to the dead-letter sink because processing it threw {@code error};
   * returns the reason.
   */
  public static String sendFailed(
      ProcessorContext<Object, Object> context, byte[] key, byte[] value, Throwable error) {
    String reason = "processing failed: " + describe(error);
    send(context, key, value, reason);
    return reason;
  }

  /**
   * Sends something that is not a record read from a topic (a timer that failed, as text) from
   * {@code source}.
   */
  public static void sendOther(
      ProcessorContext<Object, Object> context,
      String source,
      byte[] key,
      byte[] value,
      String reason) {
    DeadLetter letter =
        letter(
            reason,
            source,
            context.taskId().partition(),
            -1,
            key,
            value,
            Instant.ofEpochMilli(context.currentSystemTimeMs()));
    context.forward(new Record<Object, Object>(key, letter, context.currentSystemTimeMs()), SINK);
  }

  /**
   * A dead letter that fits in a Kafka record: a longer original is cut, and the reason says so.
   */
  public static DeadLetter letter(
      String reason,
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      Instant at) {
    String why =
        reason == null
            ? "?"
            : reason.length() > MAX_REASON_CHARS
                ? reason.substring(0, MAX_REASON_CHARS) + "..."
                : reason;
    byte[] keptKey =
        key != null && key.length > MAX_ORIGINAL_BYTES / 10
            ? Arrays.copyOf(key, MAX_ORIGINAL_BYTES / 10)
            : key;
    int room = MAX_ORIGINAL_BYTES - (keptKey == null ? 0 : keptKey.length);
    byte[] keptValue = value;
    if (keptKey != key) {
      why += " (key of " + key.length + " bytes cut to its first " + keptKey.length + ")";
    }
    if (value != null && value.length > room) {
      keptValue = Arrays.copyOf(value, room);
      why += " (value of " + value.length + " bytes cut to its first " + room + ")";
    }
    return new DeadLetter(why, topic, partition, offset, keptKey, keptValue, at);
  }

  /** An exception as a dead letter's reason shows it: its class and message. */
  public static String describe(Throwable error) {
    return error.getClass().getName()
        + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }
}
