package dev.runlog.engine.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.store.JsonSerde;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimerStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private TimerStore timers;

  @BeforeEach
  void setUp() {
    KeyValueStore<String, Timer> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(TimerStore.NAME),
                Serdes.String(),
                new JsonSerde<>(Timer.class))
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    timers = new TimerStore(store);
  }

  @Test
  void dueTimersComeOutEarliestFirstAndTheNextScanStartsAfterThem() {
    timers.add(Timer.lease("run-b", 1, T0.plusSeconds(2)));
    timers.add(Timer.lease("run-a", 1, T0.plusSeconds(1)));
    timers.add(Timer.runTimeout("run-c", T0.plusSeconds(60)));

    assertEquals(List.of("run-a", "run-b"), runIds(timers.takeDue(T0.plusSeconds(5), 100)));
    assertTrue(
        timers.scanFrom().startsWith(String.format("%019d", T0.plusSeconds(5).toEpochMilli())),
        timers.scanFrom());
    assertEquals(List.of(), timers.takeDue(T0.plusSeconds(5), 100));
    assertEquals(List.of("run-c"), runIds(timers.takeDue(T0.plusSeconds(61), 100)));
  }

  @Test
  void aTimerAddedInThePastStillFires() {
    timers.takeDue(T0.plusSeconds(10), 100);
    timers.add(Timer.retry("late", "fetch", T0)); // a retry time that had already passed
    assertEquals(List.of("late"), runIds(timers.takeDue(T0.plusSeconds(10), 100)));
  }

  @Test
  void whatTheLimitLeavesComesNextTime() {
    for (int i = 0; i < 5; i++) {
      timers.add(Timer.lease("run-" + i, 1, T0.plusMillis(i)));
    }
    assertEquals(List.of("run-0", "run-1"), runIds(timers.takeDue(T0.plusSeconds(1), 2)));
    assertEquals(
        List.of("run-2", "run-3", "run-4"), runIds(timers.takeDue(T0.plusSeconds(1), 100)));
  }

  @Test
  void aTimerDueBeyondWhatMillisecondsHoldIsKeptAtTheLastOneAndNeverFires() {
    Instant farAway =
        Instant.ofEpochMilli(Long.MAX_VALUE)
            .plus(java.time.Duration.ofMillis(Long.MAX_VALUE)); // a far instant plus a long lease
    timers.add(Timer.lease("far", 1, farAway));
    assertEquals(List.of(), timers.takeDue(T0, 100));
    assertEquals(
        List.of(Instant.ofEpochMilli(Long.MAX_VALUE)),
        timers.takeDue(Instant.ofEpochMilli(Long.MAX_VALUE), 100).stream()
            .map(Timer::due)
            .toList());
  }

  private static List<String> runIds(List<Timer> fired) {
    return fired.stream().map(Timer::runId).toList();
  }
}
