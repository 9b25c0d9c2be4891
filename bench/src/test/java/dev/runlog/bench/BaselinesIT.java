package dev.runlog.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every baseline, with small numbers, on a real embedded broker.
 *
 * <p>It asserts only that each figure was measured (present, finite, positive), never how fast:
 * timing thresholds would fail on a busy CI machine and say nothing about the code. The figures are
 * logged, for the README's table.
 */
class BaselinesIT {

  private static final Logger LOG = LoggerFactory.getLogger(BaselinesIT.class);

  // Static, so that it exists for @BeforeAll; JUnit deletes it after @AfterAll has closed the
  // broker.
  @TempDir static Path dataDir;

  private static EmbeddedKafka kafka;
  private static Baselines baselines;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(dataDir, 0);
    baselines = new Baselines(kafka.bootstrapServers(), "bench-it");
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void produceRoundTrip() {
    Stats stats = baselines.produceRoundTrip(50);
    LOG.info("produce round trip, acks=all, linger 0: {}", stats.summary());
    assertMeasured(stats, 50);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void streamsHopExactlyOnce() {
    Stats stats = baselines.streamsHop("exactly_once_v2", 10, 20);
    LOG.info("streams hop, exactly_once_v2, commit 10 ms: {}", stats.summary());
    assertMeasured(stats, 20);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void streamsHopAtLeastOnce() {
    Stats stats = baselines.streamsHop("at_least_once", 10, 20);
    LOG.info("streams hop, at_least_once, commit 10 ms, linger 0: {}", stats.summary());
    assertMeasured(stats, 20);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void rawThroughput() {
    Rate rate = baselines.rawThroughput(20_000);
    LOG.info("raw throughput, 200 B records, 3 partitions: {}", rate.summary());
    assertAll(
        () -> assertEquals(20_000, rate.count()),
        () -> assertPositive("seconds", rate.seconds()),
        () -> assertPositive("perSecond", rate.perSecond()));
  }

  private static void assertMeasured(Stats stats, int count) {
    assertAll(
        () -> assertEquals(count, stats.count()),
        () -> assertPositive("p50", stats.p50Ms()),
        () -> assertPositive("p99", stats.p99Ms()),
        () -> assertPositive("max", stats.maxMs()),
        () -> assertPositive("mean", stats.meanMs()));
  }

  private static void assertPositive(String name, double value) {
    assertTrue(
        Double.isFinite(value) && value > 0, name + " should be finite and positive: " + value);
  }
}
