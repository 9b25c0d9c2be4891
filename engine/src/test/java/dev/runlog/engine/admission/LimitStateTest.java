package dev.runlog.engine.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LimitStateTest {
  private static AdmissionMessage.Acquire acquire(String run) {
    return new AdmissionMessage.Acquire("job:j", 2, run, 1, "created");
  }

  @Test
  void admitsUpToTheLimitThenQueuesFirstInFirstOut() {
    LimitState state = LimitState.empty(2);
    state = state.apply(acquire("a")).state();
    state = state.apply(acquire("b")).state();
    LimitState.Outcome third = state.apply(acquire("c"));
    assertTrue(third.admitted().isEmpty());
    assertEquals(List.of(acquire("c")), third.queued());
    LimitState.Outcome fourth = third.state().apply(acquire("d"));
    assertEquals(
        List.of("c", "d"),
        fourth.state().queue().stream().map(AdmissionMessage.Acquire::runId).toList());

    LimitState.Outcome release = fourth.state().apply(new AdmissionMessage.Release("job:j", "a"));
    assertEquals(List.of(acquire("c")), release.admitted());
    assertEquals(List.of("b", "c"), release.state().running());
  }

  @Test
  void aRepeatedAcquireIsAdmittedAgainWithoutTakingASecondSlot() {
    LimitState state = LimitState.empty(2).apply(acquire("a")).state();
    LimitState.Outcome again = state.apply(acquire("a"));
    assertEquals(List.of(acquire("a")), again.admitted());
    assertEquals(List.of("a"), again.state().running());
  }

  @Test
  void aReleaseRemovesAQueuedRunToo() {
    LimitState state = LimitState.empty(1).apply(acquire("a")).state().apply(acquire("b")).state();
    LimitState.Outcome gone = state.apply(new AdmissionMessage.Release("job:j", "b"));
    assertTrue(gone.admitted().isEmpty());
    assertTrue(gone.state().queue().isEmpty());
    assertEquals(List.of("a"), gone.state().running());
  }
}
