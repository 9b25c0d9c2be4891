package dev.runlog.engine.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.engine.store.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alarm of a timer store: one punctuation at a time, set for when a timer is due. */
class AlarmTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final Duration TICK = Duration.ofMillis(100);
  private MockProcessorContext<Object, Object> context;
  private TimerStore timers;
  private final List<Long> rang = new ArrayList<>();

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(T0.toEpochMilli());
    KeyValueStore<String, Timer> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(TimerStore.NAME),
                Serdes.String(),
                new JsonSerde<>(Timer.class))
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    timers = new TimerStore(store);
  }

  @Test
  void withNothingDueItOnlyLooksOnceInAWhile() {
    Alarm.forTimers(context, TICK, timers, this::fire);
    assertEquals(List.of(Alarm.LOOK_EVERY), pending());
  }

  @Test
  void aTimerAddedBringsItForwardToItsDueTimeAndALaterOneDoesNot() {
    Alarm alarm = Alarm.forTimers(context, TICK, timers, this::fire);
    timers.add(Timer.lease("run-a", 1, T0.plusSeconds(30)));
    timers.add(Timer.lease("run-b", 1, T0.plusSeconds(40)));
    assertEquals(List.of(Duration.ofSeconds(30)), pending(), "one punctuation, the first due");
    assertEquals(T0.plusSeconds(30).toEpochMilli(), alarm.atMs());

    timers.add(Timer.retry("run-c", "step", T0.minusSeconds(1))); // due already
    assertEquals(List.of(Duration.ofMillis(1)), pending(), "at once");
  }

  @Test
  void afterARingItSleepsUntilTheNextDueTimerButNoLessThanATick() {
    timers.add(Timer.lease("run-a", 1, T0));
    timers.add(Timer.lease("run-b", 1, T0.plusMillis(20)));
    timers.add(Timer.lease("run-c", 1, T0.plusSeconds(30)));
    Alarm.forTimers(context, TICK, timers, this::fire);

    ring(T0); // fires run-a; run-b is due within the tick
    assertEquals(List.of(TICK), pending());
    ring(T0.plus(TICK)); // fires run-b; run-c is 29.9 s away
    assertEquals(List.of(Duration.ofSeconds(30).minus(TICK)), pending());
    ring(T0.plusSeconds(30)); // fires run-c; nothing is left
    assertEquals(List.of(Alarm.LOOK_EVERY), pending());
    assertEquals(
        List.of(T0, T0.plus(TICK), T0.plusSeconds(30)).stream().map(Instant::toEpochMilli).toList(),
        rang);
  }

  @Test
  void aTimerAddedWhileItRingsIsFoundAfterTheRing() {
    Alarm.forTimers(
        context,
        TICK,
        timers,
        now -> {
          timers.takeDue(Instant.ofEpochMilli(now), 100);
          timers.add(Timer.retry("run-a", "step", Instant.ofEpochMilli(now))); // due at once
        });
    ring(T0);
    assertEquals(List.of(TICK), pending(), "a tick later, not in the same round");
  }

  private void fire(long now) {
    rang.add(now);
    timers.takeDue(Instant.ofEpochMilli(now), 100);
  }

  private void ring(Instant at) {
    context.setCurrentSystemTimeMs(at.toEpochMilli());
    List<CapturedPunctuator> live = live();
    assertEquals(1, live.size(), "one punctuation at a time");
    live.get(0).getPunctuator().punctuate(at.toEpochMilli());
  }

  /** The delays of the punctuations not canceled. */
  private List<Duration> pending() {
    return live().stream().map(CapturedPunctuator::getInterval).toList();
  }

  private List<CapturedPunctuator> live() {
    return context.scheduledPunctuators().stream().filter(p -> !p.cancelled()).toList();
  }
}
