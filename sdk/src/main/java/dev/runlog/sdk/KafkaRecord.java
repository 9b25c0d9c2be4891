package dev.runlog.sdk;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record for {@link Kafka#send}: a key (null: none), a value and headers.
 *
 * <p>The value is written as it is when it is a {@code byte[]}, as UTF-8 when it is a {@code
 * String}, as nothing (a tombstone) when it is null, and as JSON otherwise (a record, a map, a
 * list, a number).
 *
 * <pre>{@code
 * KafkaRecord.of(order.id(), new Shipped(order.id(), "DHL")).withHeader("source", "runlog")
 * }</pre>
 */
public record KafkaRecord(String key, Object value, Map<String, String> headers) {
  public KafkaRecord {
    headers = Map.copyOf(headers == null ? Map.of() : headers);
  }

  /** A record with {@code key} (may be null) and {@code value}, without headers. */
  public static KafkaRecord of(String key, Object value) {
    return new KafkaRecord(key, value, Map.of());
  }

  /** A record without a key: the producer spreads such records over the partitions. */
  public static KafkaRecord of(Object value) {
    return of(null, value);
  }

  /** This record with header {@code name} set to {@code value} (written as UTF-8). */
  public KafkaRecord withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new KafkaRecord(key, this.value, more);
  }

  byte[] keyBytes() {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  byte[] valueBytes() {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    if (value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return Json.write(value).getBytes(StandardCharsets.UTF_8);
  }
}
