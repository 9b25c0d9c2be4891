package dev.runlog.engine.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde for the engine's own state-store values (records of the {@code run} package). They are
 * internal to the engine, so JSON's readability in changelogs wins over Avro's compactness here,
 * except for the two values written on every task, the run header and the task ({@link
 * AvroStoreSerde}).
 */
public final class JsonSerde<T> implements Serde<T> {
  /** JSON as people read it: the API's answers (instants as ISO-8601 text). */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * JSON as the stores keep it: instants as epoch milliseconds, which cost far less to write and
   * read than ISO text, or than seconds with nanoseconds, which Jackson parses as a BigDecimal
   * (that was 5% of the stream thread). Values written earlier in either form are still read.
   */
  private static final ObjectMapper STORE =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
          .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      try {
        return value == null ? null : STORE.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      try {
        return bytes == null ? null : STORE.readValue(bytes, type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
