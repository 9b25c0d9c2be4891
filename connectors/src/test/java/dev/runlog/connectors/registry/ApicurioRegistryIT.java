package dev.runlog.connectors.registry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runlog.testkit.registry.ApicurioRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The registry contract against a real registry: Apicurio Registry 2.4.2's Confluent-compatible
 * API, in a child JVM. Skipped when the build could not make it (see testkit-registry).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApicurioRegistryIT extends RegistryContract {
  private ApicurioRegistry registry;

  @BeforeAll
  void start() {
    assumeTrue(
        ApicurioRegistry.built().isPresent(),
        "Apicurio Registry is not built (mvn -pl testkit-registry package); system property "
            + ApicurioRegistry.APP_PROPERTY
            + " = "
            + System.getProperty(ApicurioRegistry.APP_PROPERTY));
    registry = ApicurioRegistry.start(ApicurioRegistry.built().get());
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @Override
  String url() {
    return registry.url();
  }
}
