package dev.runlog.engine.store;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of a store value written on every task, in a compact binary form ({@link CompactWriter})
 * rather than JSON: reading a 10,000-task run's tasks for its dispatch took ~150 ms through
 * Jackson, most of a resume. Avro was tried first and not kept: its writer resolves every nullable
 * field's union by a map lookup, and the run header has twenty of them (the store writes cost more
 * than with Jackson). Values an earlier runlog wrote as JSON are still read.
 *
 * @param <T> the engine's record
 */
public final class CompactSerde<T> implements Serde<T> {
  private final Function<T, byte[]> write;
  private final Function<byte[], T> read;
  private final JsonSerde<T> json;

  public CompactSerde(Function<T, byte[]> write, Function<byte[], T> read, Class<T> type) {
    this.write = write;
    this.read = read;
    this.json = new JsonSerde<>(type);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : write.apply(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    Deserializer<T> earlier = json.deserializer();
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      return bytes.length > 0 && bytes[0] == '{'
          ? earlier.deserialize(topic, bytes)
          : read.apply(bytes);
    };
  }
}
