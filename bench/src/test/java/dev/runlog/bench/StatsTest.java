package dev.runlog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void percentilesAreNearestRankOfObservedSamples() {
    double[] millis = new double[100];
    for (int i = 0; i < 100; i++) {
      millis[i] = 100 - i; // 100 .. 1, out of order on purpose
    }
    Stats stats = Stats.ofMillis(millis);
    assertEquals(100, stats.count());
    assertEquals(50.0, stats.p50Ms());
    assertEquals(99.0, stats.p99Ms());
    assertEquals(100.0, stats.maxMs());
    assertEquals(50.5, stats.meanMs());
    assertEquals(100.0, millis[0], "the caller's array is left as it was");
  }

  @Test
  void fewSamplesGiveTheMaximumAsP99() {
    Stats stats = Stats.ofMillis(new double[] {3, 1, 2});
    assertEquals(2.0, stats.p50Ms());
    assertEquals(3.0, stats.p99Ms());
    assertEquals(2.0, stats.meanMs());
  }

  @Test
  void nanosAreConvertedToMillis() {
    Stats stats = Stats.of(new long[] {1_500_000L});
    assertEquals(1, stats.count());
    assertEquals(1.5, stats.p50Ms());
    assertEquals(1.5, stats.p99Ms());
    assertEquals(1.5, stats.maxMs());
    assertEquals(1.5, stats.meanMs());
  }

  @Test
  void noSamplesGiveNaNNotZero() {
    Stats stats = Stats.of(new long[0]);
    assertEquals(0, stats.count());
    assertTrue(Double.isNaN(stats.p50Ms()));
    assertTrue(Double.isNaN(stats.p99Ms()));
    assertTrue(Double.isNaN(stats.maxMs()));
    assertTrue(Double.isNaN(stats.meanMs()));
  }

  @Test
  void rateIsCountOverSeconds() {
    Rate rate = Rate.of(1_000, 500_000_000L);
    assertEquals(0.5, rate.seconds());
    assertEquals(2_000.0, rate.perSecond());
    assertTrue(Double.isNaN(Rate.of(1, 0).perSecond()));
    assertThrows(IllegalArgumentException.class, () -> Rate.of(-1, 1));
  }
}
