package dev.runlog.engine.topology;

import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.deadletter.DeadLetter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's processing and deserialization exception handler: a record whose processing threw,
 * or that could not be deserialized, goes to dead letters with the exception and its original
 * bytes, is counted, and the stream thread goes on with the next record (instead of being logged
 * and skipped, which lost it, or of failing the thread on it again and again, which stalled the
 * engine).
 *
 * <p>A backstop only. The run and trigger processors catch their own exceptions, so that they can
 * drop what the record had staged (see {@code Staging}): by the time Kafka Streams calls a handler,
 * the record's store writes and forwards are made and cannot be taken back. What reaches this
 * handler is what those processors do not catch (a store that failed as a record's writes went out)
 * and what other processors throw.
 */
public final class DeadLetterOnError
    implements ProcessingExceptionHandler, DeserializationExceptionHandler {
  /** Streams property holding the {@link RunCounters} instance to count in. */
  public static final String COUNTERS_CONFIG = "runlog.processing.errors.counters";

  /** Streams property holding the dead-letter topic's name. */
  public static final String TOPIC_CONFIG = "runlog.processing.errors.dead.letter.topic";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOnError.class);
  private final Clock clock = Clock.systemUTC();
  private RunCounters counters = new RunCounters();
  private String topic;

  /**
   * Sets {@code properties} to handle processing errors with this class, counting in {@code
   * counters}.
   */
  // The global flag is deprecated in Kafka 4.3 but still what sends errors of every processor and
  // punctuation here (ProcessingErrorsTopologyTest); drop it when Kafka drops it.
  @SuppressWarnings("deprecation")
  public static void configure(
      Properties properties, RunCounters counters, String deadLetterTopic) {
    properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    properties.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnError.class);
    // Sources that deserialize (the admission messages) fail here, not in a processor.
    properties.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnError.class);
    properties.put(COUNTERS_CONFIG, counters);
    properties.put(TOPIC_CONFIG, deadLetterTopic);
  }

  @Override
  public void configure(Map<String, ?> configs) {
    if (configs.get(COUNTERS_CONFIG) instanceof RunCounters given) {
      counters = given;
    }
    topic = (String) configs.get(TOPIC_CONFIG);
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    LOG.error(
        "processing failed in {} on {}-{}@{}; sent to dead letters",
        context.processorNodeId(),
        context.topic(),
        context.partition(),
        context.offset(),
        exception);
    counters.processingError();
    if (topic == null) {
      return ProcessingExceptionHandler.Response.resume();
    }
    boolean fromTopic = context.topic() != null; // a punctuation has none
    DeadLetter letter =
        DeadLetters.letter(
            "processing failed in "
                + context.processorNodeId()
                + ": "
                + DeadLetters.describe(exception),
            fromTopic ? context.topic() : "?",
            fromTopic ? context.partition() : -1,
            fromTopic ? context.offset() : -1,
            context.sourceRawKey(),
            context.sourceRawValue(),
            Instant.now(clock));
    return ProcessingExceptionHandler.Response.resume(
        List.of(
            new ProducerRecord<>(topic, letter.originalKey(), Codecs.DEAD_LETTER.encode(letter))));
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    LOG.warn(
        "cannot deserialize {}-{}@{}; sent to dead letters: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        DeadLetters.describe(exception));
    counters.deadLetter();
    if (topic == null) {
      return DeserializationExceptionHandler.Response.resume();
    }
    DeadLetter letter =
        DeadLetters.letter(
            "cannot deserialize: " + DeadLetters.describe(exception),
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            Instant.now(clock));
    return DeserializationExceptionHandler.Response.resume(
        List.of(
            new ProducerRecord<>(topic, letter.originalKey(), Codecs.DEAD_LETTER.encode(letter))));
  }
}
