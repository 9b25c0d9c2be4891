package dev.runlog.engine.eventwait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shapes and match keys: a waiter and an event meet when both compute the same key. */
class EventFilterTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void pathsAreSortedIntoTheShapeAndValuesFollowThem() {
    EventFilter f = EventFilter.parse("{\"payload.orderId\":\"42\",\"context.accountId\":\"a1\"}");
    assertEquals(List.of("context.accountId", "payload.orderId"), f.paths());
    assertEquals(
        EventFilter.parse("{\"context.accountId\":\"a1\",\"payload.orderId\":\"42\"}").shape(),
        f.shape(),
        "the order of the filter's fields does not matter");
    assertEquals(
        Optional.of(f.matchKey()),
        EventFields.of("{\"orderId\":\"42\",\"x\":1}", "{\"accountId\":\"a1\"}")
            .matchKey(f.shape()));
  }

  @Test
  void valuesCompareByTypeAndNumbersByValue() {
    String shape = EventFilter.parse("{\"payload.n\":42}").shape();
    String number = EventFilter.parse("{\"payload.n\":42}").matchKey();
    assertEquals(Optional.of(number), EventFields.of("{\"n\":42.0}", null).matchKey(shape));
    assertEquals(
        Optional.of(EventFilter.parse("{\"payload.n\":\"42\"}").matchKey()),
        EventFields.of("{\"n\":\"42\"}", null).matchKey(shape));
    assertTrue(
        !number.equals(EventFilter.parse("{\"payload.n\":\"42\"}").matchKey()),
        "the string \"42\" is not the number 42");
    assertEquals(
        Optional.of(EventFilter.parse("{\"payload.ok\":true}").matchKey()),
        EventFields.of("{\"ok\":true}", null).matchKey(shape.replace("n", "ok")));
  }

  @Test
  void nestedPathsAreFollowedAndMissingOrNonScalarFieldsMatchNothing() {
    String shape = EventFilter.parse("{\"payload.order.id\":\"7\"}").shape();
    assertEquals(
        Optional.of("\"7\""), EventFields.of("{\"order\":{\"id\":\"7\"}}", null).matchKey(shape));
    assertEquals(Optional.empty(), EventFields.of("{\"order\":{}}", null).matchKey(shape));
    assertEquals(
        Optional.empty(), EventFields.of("{\"order\":{\"id\":[7]}}", null).matchKey(shape));
    assertEquals(Optional.empty(), EventFields.of("not json", null).matchKey(shape));
  }

  @Test
  void anEmptyFilterMatchesEveryEventOfTheName() {
    EventFilter all = EventFilter.parse("{}");
    assertEquals(EventFilter.parse(null), all);
    assertEquals(Optional.of(all.matchKey()), EventFields.of("null", null).matchKey(all.shape()));
  }

  @Test
  void aFilterThatCannotBeEvaluatedSaysWhy() {
    assertTrue(bad("not json").contains("not JSON"));
    assertTrue(bad("[1]").contains("JSON object"));
    assertTrue(bad("{\"orderId\":\"42\"}").contains("payload. or context."));
    assertTrue(bad("{\"payload.\":\"42\"}").contains("empty segment"));
    assertTrue(bad("{\"payload.a\":{\"b\":1}}").contains("string, a number or a boolean"));
    assertTrue(bad("{\"payload.a\":null}").contains("string, a number or a boolean"));
  }

  @Test
  void theWindowStartsAtTheRunsCreationOrTheWindowsStartWhicheverIsLater() {
    BufferWindow window = new BufferWindow(Duration.ofHours(1));
    Instant now = T0.plus(Duration.ofHours(3));
    assertEquals(now.minus(Duration.ofHours(1)), window.scanFrom(T0, now));
    assertEquals(T0, window.scanFrom(T0, T0.plusSeconds(5)));
    assertEquals(Optional.of(T0.plus(Duration.ofHours(1))), window.expiresAt(T0));
    assertEquals(Optional.empty(), new BufferWindow(Duration.ZERO).expiresAt(T0));
    assertThrows(IllegalArgumentException.class, () -> new BufferWindow(Duration.ofMillis(-1)));
  }

  @Test
  void aSeenShapeIndexesWhatWasReadSinceItWasFirstAskedWith() {
    SeenShape shape = new SeenShape("n", "payload.id", T0, T0);
    assertTrue(shape.indexes(T0));
    assertTrue(shape.indexes(T0.plusSeconds(1)));
    assertTrue(!shape.indexes(T0.minusMillis(1)), "older events were not indexed: scan them");
    assertEquals(T0, shape.askedAt(T0.plusSeconds(9)).since());
  }

  @Test
  void bufferKeysSortByTimeWithinAName() {
    BufferedEvent early = new BufferedEvent("b", "n", "{}", null, T0, T0);
    BufferedEvent late = new BufferedEvent("a", "n", "{}", null, T0, T0.plusMillis(1));
    assertTrue(EventWaitKeys.buffered(early).compareTo(EventWaitKeys.buffered(late)) < 0);
    assertTrue(EventWaitKeys.bufferFrom("n", T0).compareTo(EventWaitKeys.buffered(early)) <= 0);
    assertTrue(EventWaitKeys.buffered(late).compareTo(EventWaitKeys.bufferEnd("n")) < 0);
  }

  private static String bad(String filter) {
    return assertThrows(EventFilter.BadFilter.class, () -> EventFilter.parse(filter)).getMessage();
  }
}
