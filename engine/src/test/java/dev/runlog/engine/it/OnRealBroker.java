package dev.runlog.engine.it;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * Integration tests on one real broker, shared by every test class of the JVM that extends this (a
 * broker's start and stop cost seconds, and the suite must stay short); each test uses its own
 * topic prefix, so tests sharing the broker do not see each other's runs. The broker stops when the
 * last test of the run is done: JUnit closes what its root store holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OnRealBroker.SharedBroker.class)
public abstract class OnRealBroker {
  protected TestCluster cluster;

  /** The payload of most test jobs. */
  public record Order(String item) {}

  /** Gives each test instance the run's one broker, started by the first that needs it. */
  static final class SharedBroker implements TestInstancePostProcessor {
    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) {
      ((OnRealBroker) instance).cluster =
          context
              .getRoot()
              .getStore(ExtensionContext.Namespace.create(SharedBroker.class))
              .getOrComputeIfAbsent(Shared.class, k -> new Shared(new TestCluster()), Shared.class)
              .cluster();
    }
  }

  /** What the root store closes at the end of the run. */
  private record Shared(TestCluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
