package dev.runlog.connectors.registry;

import dev.runlog.testkit.registry.InProcessRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The registry contract against the in-process registry (what the fast tests rely on). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InProcessRegistryContractTest extends RegistryContract {
  private InProcessRegistry registry;

  @BeforeAll
  void start() {
    registry = InProcessRegistry.start();
  }

  @AfterAll
  void stop() {
    registry.close();
  }

  @Override
  String url() {
    return registry.url();
  }
}
