package dev.runlog.testkit.registry;

/**
 * A Schema Registry that serves Confluent's REST API, for tests: Apicurio Registry in a child JVM
 * ({@link ApicurioRegistry}) or one in this JVM ({@link InProcessRegistry}).
 */
public interface TestSchemaRegistry extends AutoCloseable {
  /** The base URL Confluent's REST paths ({@code /schemas/ids/1}) are appended to. */
  String url();

  /** Which registry this is, for test reports: "Apicurio Registry 2.4.2 (child JVM)", ... */
  String description();

  /** Stops it and removes its files. */
  @Override
  void close();

  /**
   * Apicurio Registry when it was built ({@code mvn -pl testkit-registry package}, found through
   * the system property {@value ApicurioRegistry#APP_PROPERTY}), else the in-process registry.
   */
  static TestSchemaRegistry startBest() {
    return ApicurioRegistry.built()
        .<TestSchemaRegistry>map(ApicurioRegistry::start)
        .orElseGet(InProcessRegistry::start);
  }
}
