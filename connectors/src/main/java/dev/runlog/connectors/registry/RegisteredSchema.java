package dev.runlog.connectors.registry;

import java.util.Objects;

/**
 * A schema as the registry gives it for an id: its type ({@code AVRO}, {@code JSON} or {@code
 * PROTOBUF}; the REST API leaves it out for Avro) and its text.
 */
public record RegisteredSchema(int id, String type, String schema) {
  public static final String AVRO = "AVRO";
  public static final String JSON = "JSON";

  public RegisteredSchema {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(schema, "schema");
  }
}
