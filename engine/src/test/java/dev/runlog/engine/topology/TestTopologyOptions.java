package dev.runlog.engine.topology;

import dev.runlog.protocol.topic.Topics;
import java.time.Duration;

/**
 * The options topology tests start from: a 100 ms timer tick, so that a test's wall-clock steps
 * fire timers promptly, and commits not paced (the test driver commits after every record).
 */
final class TestTopologyOptions {
  private TestTopologyOptions() {}

  static TopologyOptions of(Topics topics, RunCounters counters) {
    return TopologyOptions.of(
        topics, counters, Duration.ofMillis(100), CommitPacer.off(), new RunWatch());
  }
}
