package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.job.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Io#waitForEvent}: the request, the replay of its result, the filter's checks. */
class WaitForEventTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String RESULT =
      "{\"id\":\"p-1\",\"name\":\"order.paid\",\"payload\":{\"orderId\":\"42\",\"amount\":10},"
          + "\"context\":{\"accountId\":\"a1\"},\"timestamp\":\"2026-11-23T10:00:05Z\"}";

  record Payment(String orderId, int amount) {}

  enum Unit {
    EUR
  }

  private final List<String> appended = new ArrayList<>();

  @Test
  void aNewWaitIsAppendedWithItsFilterAndTimeOutAndSuspendsTheRun() {
    Suspension s =
        assertThrows(
            Suspension.class,
            () ->
                io(Map.of(), Map.of())
                    .waitForEvent(
                        "paid",
                        "order.paid",
                        Map.of(
                            "orderId", "42", "context.accountId", "a1", "n", 3, "unit", Unit.EUR),
                        Duration.ofMinutes(5)));
    assertEquals(Suspension.Reason.WAITING, s.reason());
    assertEquals(
        List.of(
            "event-wait paid order.paid "
                + "{\"context.accountId\":\"a1\",\"payload.n\":3,\"payload.orderId\":\"42\","
                + "\"payload.unit\":\"EUR\"} "
                + NOW.plus(Duration.ofMinutes(5))),
        appended);
  }

  @Test
  void aResolvedWaitReturnsTheEventOnReplay() {
    Io io = io(Map.of("paid", true), Map.of("paid", RESULT));
    ReceivedEvent event =
        io.waitForEvent("paid", "order.paid", Map.of("orderId", "42"), null).get();
    assertEquals("p-1", event.id());
    assertEquals("order.paid", event.name());
    assertEquals(Instant.parse("2026-11-23T10:00:05Z"), event.timestamp());
    assertEquals(Map.of("accountId", "a1"), event.context());
    assertEquals(new Payment("42", 10), event.payload(Payment.class));
    assertEquals(
        Optional.of(new Payment("42", 10)),
        io(Map.of("paid", true), Map.of("paid", RESULT))
            .waitForEvent("paid", "order.paid", Map.of(), null, Payment.class));
    assertEquals(List.of(), appended, "nothing appended on a replay");
  }

  @Test
  void aTimedOutWaitReturnsEmptyAndAPendingOneSuspends() {
    assertEquals(
        Optional.empty(),
        io(Map.of("paid", true), Map.of())
            .waitForEvent("paid", "order.paid", Map.of(), Duration.ofSeconds(1)));
    assertThrows(
        Suspension.class,
        () -> io(Map.of("paid", false), Map.of()).waitForEvent("paid", "order.paid", null, null));
    assertEquals(List.of(), appended);
  }

  @Test
  void aFilterTheEngineCouldNotEvaluateThrowsOnReplay() {
    Io io = io(Map.of("paid", true), Map.of("paid", "{\"error\":{\"message\":\"bad path\"}}"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> io.waitForEvent("paid", "order.paid", Map.of(), null));
    assertTrue(e.getMessage().contains("bad path"), e.getMessage());
  }

  @Test
  void aFilterOfNonScalarsOrAnUnnamedEventIsRefusedAtTheCall() {
    Io io = io(Map.of(), Map.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> io.waitForEvent("k", "order.paid", Map.of("order", Map.of("id", 1)), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> io.waitForEvent("k", "order.paid", Map.of("ids", List.of(1)), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> io.waitForEvent("k", "order.paid", Map.of("x", Double.NaN), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> io.waitForEvent("k", "order.paid", Map.of("a..b", 1), null));
    assertThrows(IllegalArgumentException.class, () -> io.waitForEvent("k", "", Map.of(), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> io.waitForEvent("k", "order.paid", Map.of(), Duration.ZERO));
    assertEquals(List.of(), appended);
  }

  private Io io(Map<String, Boolean> waits, Map<String, String> results) {
    return new Io(
        new HashMap<>(),
        Map.of(),
        new HashMap<>(waits),
        results,
        new Steps(),
        RetryPolicy.none(),
        Clock.fixed(NOW, ZoneOffset.UTC),
        () -> 0.0,
        IoTest.CONTEXT);
  }

  private final class Steps extends NoSteps {
    @Override
    public void eventWaitRequested(String key, String name, String filterJson, Instant until) {
      appended.add("event-wait " + key + " " + name + " " + filterJson + " " + until);
    }
  }
}
