package dev.runlog.engine.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Integration tests of a class share one real broker; each test uses its own topic prefix. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OnRealBroker {
  protected TestCluster cluster;

  /** The payload of most test jobs. */
  record Order(String item) {}

  @BeforeAll
  void startBroker() {
    cluster = new TestCluster();
  }

  @AfterAll
  void stopBroker() {
    cluster.close();
  }
}
