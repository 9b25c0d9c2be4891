package dev.runlog.protocol.codec;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Turns one kind of record into the bytes of its topic and back.
 *
 * @param <T> the domain record
 */
public interface Codec<T> {

  byte[] encode(T value);

  /**
   * @throws DecodeException when the bytes are not a {@code T} this version can read
   */
  T decode(byte[] bytes);

  /** A Kafka serde over this codec; null stays null (tombstones). */
  default Serde<T> serde() {
    Serializer<T> serializer = (topic, value) -> value == null ? null : encode(value);
    Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
