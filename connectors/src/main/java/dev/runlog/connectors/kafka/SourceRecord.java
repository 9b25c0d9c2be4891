package dev.runlog.connectors.kafka;

import java.util.List;

/**
 * A record read from a source topic, without Kafka's types, so that mapping it is a pure function.
 *
 * @param timestamp milliseconds since the epoch; negative when the record has none
 * @param key null when the record has none
 * @param headers in the record's order (a name may repeat)
 * @param value null for a tombstone
 */
public record SourceRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    byte[] key,
    List<Header> headers,
    byte[] value) {

  /** A header: its name and raw value (null when it has none). */
  public record Header(String name, byte[] value) {}

  public SourceRecord {
    headers = List.copyOf(headers);
  }

  /** {@code <topic>-<partition>-<offset>}: the record's place, the same on every read. */
  public String place() {
    return topic + "-" + partition + "-" + offset;
  }
}
