package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.job.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryTest {
  @Test
  void timesCountsRetriesAfterTheFirstAttempt() {
    RetryPolicy policy = Retry.times(3).policy();
    assertEquals(4, policy.limit(), "the engine counts attempts");
    assertTrue(policy.allowsAfter(3));
    assertFalse(policy.allowsAfter(4));
    assertFalse(Retry.none().policy().allowsAfter(1));
  }

  @Test
  void theDefaultsDoubleFromOneSecondUpToAMinuteWithJitter() {
    RetryPolicy policy = Retry.times(10).policy();
    assertEquals(Duration.ofSeconds(1), policy.delayAfter(1, 0));
    assertEquals(Duration.ofSeconds(4), policy.delayAfter(3, 0));
    assertEquals(Duration.ofSeconds(6), policy.delayAfter(3, 0.5), "stretched by the jitter");
    assertEquals(Duration.ofMinutes(1), policy.delayAfter(9, 0));
  }

  @Test
  void eachDefaultCanBeChanged() {
    RetryPolicy policy =
        Retry.times(5)
            .delay(Duration.ofSeconds(5))
            .factor(3)
            .maxDelay(Duration.ofSeconds(30))
            .withoutJitter()
            .policy();
    assertEquals(new RetryPolicy(6, 3, 5_000, 30_000, false), policy);
    assertEquals(
        Duration.ofMinutes(2),
        Retry.times(1).delay(Duration.ofMinutes(2)).policy().delayAfter(1, 0),
        "a first delay above the default maximum raises the maximum");
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Retry.times(-1));
    assertThrows(IllegalArgumentException.class, () -> Retry.times(1).factor(0.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> Retry.times(1).delay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(1)));
  }
}
