package dev.runlog.engine.source;

import static dev.runlog.engine.source.SourceChange.KEEP;
import static dev.runlog.engine.source.SourceChange.PAUSE;
import static dev.runlog.engine.source.SourceChange.RESTART;
import static dev.runlog.engine.source.SourceChange.START;
import static dev.runlog.engine.source.SourceChange.STOP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SourceChangeTest {
  private static final Set<SourceChange> SEEN = EnumSet.noneOf(SourceChange.class);
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  private static Optional<SourceDefinition> kafka(String spec, boolean paused) {
    return Optional.of(new SourceDefinition("s", SourceKind.KAFKA, paused, spec, T0));
  }

  private static void expect(
      SourceChange change, Optional<SourceDefinition> running, Optional<SourceDefinition> now) {
    SourceChange decided = SourceChange.decide(SourceKind.KAFKA, running, now);
    assertEquals(change, decided, "running " + running + ", now " + now);
    SEEN.add(decided);
  }

  @Test
  void everyChangeOfADefinitionHasItsRow() {
    Optional<SourceDefinition> none = Optional.empty();
    expect(START, none, kafka("{\"a\":1}", false));
    expect(KEEP, kafka("{\"a\":1}", false), kafka("{\"a\":1}", false)); // resumed, or PUT again
    expect(RESTART, kafka("{\"a\":1}", false), kafka("{\"a\":2}", false));
    expect(PAUSE, kafka("{\"a\":1}", false), kafka("{\"a\":1}", true));
    expect(PAUSE, none, kafka("{\"a\":1}", true)); // paused before it ever ran here
    expect(STOP, kafka("{\"a\":1}", false), none); // deleted
    expect(
        STOP,
        kafka("{\"a\":1}", false),
        Optional.of(new SourceDefinition("s", SourceKind.WEBHOOK, false, "{}", T0)));
    expect(KEEP, none, none);
    expect(
        KEEP, none, Optional.of(new SourceDefinition("s", SourceKind.SCHEDULE, false, "{}", T0)));
  }

  @AfterAll
  static void everyChangeIsExercised() {
    assertEquals(EnumSet.allOf(SourceChange.class), SEEN);
  }

  @Test
  void theBackoffDoublesToItsMostAndStartsAgain() {
    Backoff backoff = new Backoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5));
    assertEquals(1, backoff.now().toSeconds());
    assertEquals(2, backoff.next().now().toSeconds());
    assertEquals(4, backoff.next().next().now().toSeconds());
    assertEquals(5, backoff.next().next().next().now().toSeconds());
    assertEquals(1, backoff.next().next().reset().now().toSeconds());
  }
}
