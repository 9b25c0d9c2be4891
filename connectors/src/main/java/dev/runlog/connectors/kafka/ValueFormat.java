package dev.runlog.connectors.kafka;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a source's record values are encoded. */
public enum ValueFormat {
  /** UTF-8 JSON text. */
  JSON("json"),
  /**
   * Avro single-object encoding: {@code C3 01}, the writer schema's 8-byte CRC-64-AVRO fingerprint
   * (little-endian), then Avro binary; the writer schemas are given in the spec.
   */
  AVRO("avro"),
  /** Confluent's wire format: byte 0, a 4-byte schema id (big-endian), then Avro binary. */
  CONFLUENT_AVRO("confluent-avro"),
  /** Confluent's wire format for JSON Schema: byte 0, a 4-byte schema id, then UTF-8 JSON. */
  CONFLUENT_JSON("confluent-json");

  private final String label;

  ValueFormat(String label) {
    this.label = label;
  }

  /** Its name in a source spec. */
  public String label() {
    return label;
  }

  /** True when the schema comes from a Schema Registry. */
  public boolean needsRegistry() {
    return this == CONFLUENT_AVRO || this == CONFLUENT_JSON;
  }

  static ValueFormat of(String label) {
    for (ValueFormat format : values()) {
      if (format.label.equals(label)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown \"format\" "
            + label
            + "; one of "
            + Arrays.stream(values()).map(ValueFormat::label).collect(Collectors.joining(", ")));
  }
}
