package dev.runlog.connectors.registry;

/** Where the schema of a Confluent-framed record comes from (a registry, or a map in tests). */
@FunctionalInterface
public interface SchemaLookup {
  /**
   * The schema registered under {@code id}.
   *
   * @throws RegistryException when the registry cannot say now, or does not know the id
   */
  RegisteredSchema byId(int id) throws RegistryException;
}
