package dev.runlog.protocol.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      RetryPolicy.exponential(5, Duration.ofMillis(100), 2.0, Duration.ofMillis(500));

  @Test
  void delaysGrowByTheFactorUpToTheMaximum() {
    assertEquals(Duration.ofMillis(100), policy.delayAfter(1, 0.9));
    assertEquals(Duration.ofMillis(200), policy.delayAfter(2, 0.9));
    assertEquals(Duration.ofMillis(400), policy.delayAfter(3, 0.9));
    assertEquals(Duration.ofMillis(500), policy.delayAfter(4, 0.9));
  }

  @Test
  void randomizedDelaysStayBetweenOnceAndTwiceTheBaseAndUnderTheMaximum() {
    RetryPolicy random = policy.randomized();
    assertEquals(Duration.ofMillis(100), random.delayAfter(1, 0.0));
    assertEquals(Duration.ofMillis(150), random.delayAfter(1, 0.5));
    assertEquals(Duration.ofMillis(500), random.delayAfter(3, 0.99));
  }

  @Test
  void theLimitCountsEveryAttempt() {
    assertTrue(policy.allowsAfter(4));
    assertFalse(policy.allowsAfter(5));
    assertFalse(RetryPolicy.none().allowsAfter(1));
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, 2, 1, 2, false));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, 0.5, 1, 2, false));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, 2, 10, 2, false));
  }
}
