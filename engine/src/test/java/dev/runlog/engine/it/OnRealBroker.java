package dev.runlog.engine.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Integration tests of a class share one real broker; each test uses its own topic prefix. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OnRealBroker {
  protected TestCluster cluster;

  /** The payload of most test jobs. */
  public record Order(String item) {}

  @BeforeAll
  protected void startBroker() {
    cluster = new TestCluster();
  }

  @AfterAll
  protected void stopBroker() {
    cluster.close();
  }
}
