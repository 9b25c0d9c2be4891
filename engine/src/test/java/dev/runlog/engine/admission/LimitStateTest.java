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
  void aRecordWrittenBeforeTheQueueMovedOutIsReadWithItsQueue() {
    String older =
        "{\"limit\":1,\"running\":[\"a\"],\"queue\":[{\"type\":\"acquire\",\"limitKey\":\"job:j\","
            + "\"limit\":1,\"runId\":\"b\",\"execution\":1,\"reason\":\"created\"}]}";
    LimitState state =
        new dev.runlog.engine.store.JsonSerde<>(LimitState.class)
            .deserializer()
            .deserialize("t", older.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(List.of("a"), state.running());
    assertEquals(
        List.of("b"), state.queue().stream().map(AdmissionMessage.Acquire::runId).toList());
    assertEquals(0, state.nextSeq());
    LimitState.Outcome freed = state.apply(new AdmissionMessage.Release("job:j", "a"));
    assertEquals(
        List.of("b"), freed.admitted().stream().map(AdmissionMessage.Acquire::runId).toList());
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

  /** A job limit of 3 with at most 1 run per tenant, its per-key states kept in {@code subs}. */
  private static final class Keyed {
    final java.util.Map<String, LimitState> subs = new java.util.HashMap<>();
    LimitState state = LimitState.empty(3);

    LimitState.Outcome send(AdmissionMessage message) {
      LimitState.Outcome out = state.apply(message, subs::get);
      state = out.state();
      subs.putAll(out.subs());
      return out;
    }

    static AdmissionMessage.Acquire acquire(String run, String tenant) {
      return new AdmissionMessage.Acquire("job:j", 3, run, 1, "created", "key:j:" + tenant, 1);
    }

    static AdmissionMessage.Release release(String run, String tenant) {
      return new AdmissionMessage.Release("job:j", run, "key:j:" + tenant);
    }
  }

  @Test
  void oneKeysQueueNeverHoldsUpAnotherKey() {
    Keyed limit = new Keyed();
    assertEquals(1, limit.send(Keyed.acquire("a1", "a")).admitted().size());
    assertEquals(1, limit.send(Keyed.acquire("a2", "a")).queued().size(), "tenant a is full");
    assertEquals(1, limit.send(Keyed.acquire("a3", "a")).queued().size());
    LimitState.Outcome b = limit.send(Keyed.acquire("b1", "b"));
    assertEquals(List.of(Keyed.acquire("b1", "b")), b.admitted(), "a's queue is passed over");
    assertEquals(List.of("a1", "b1"), limit.state.running());

    LimitState.Outcome freed = limit.send(Keyed.release("a1", "a"));
    assertEquals(List.of(Keyed.acquire("a2", "a")), freed.admitted(), "a's next, in order");
    assertEquals(List.of("a2"), limit.subs.get("key:j:a").running());
    assertEquals(List.of("a3"), limit.state.queue().stream().map(q -> q.runId()).toList());
  }

  @Test
  void theJobLimitStillHoldsAcrossKeys() {
    Keyed limit = new Keyed();
    for (String tenant : List.of("a", "b", "c")) {
      limit.send(Keyed.acquire(tenant + "1", tenant));
    }
    LimitState.Outcome fourth = limit.send(Keyed.acquire("d1", "d"));
    assertTrue(fourth.admitted().isEmpty(), "three run: the job's limit is full");
    LimitState.Outcome freed = limit.send(Keyed.release("b1", "b"));
    assertEquals(List.of(Keyed.acquire("d1", "d")), freed.admitted());
    assertTrue(limit.subs.get("key:j:b").running().isEmpty());
  }
}
