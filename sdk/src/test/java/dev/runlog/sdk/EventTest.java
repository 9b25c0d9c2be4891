package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  record Star(String login) {}

  @Test
  void aPlainEventHasANewIdAndIsDeliveredAtOnce() {
    TriggerEvent t = Event.of("new.star", new Star("ada")).toTrigger(NOW, "sdk");
    assertEquals("new.star", t.name());
    assertEquals("{\"login\":\"ada\"}", t.payload());
    assertEquals(NOW, t.timestamp());
    assertNull(t.deliverAt());
    assertNull(t.context());
    assertEquals(36, t.id().length(), "a random UUID");
  }

  @Test
  void idContextAndDelayAreKept() {
    TriggerEvent t =
        Event.of("new.star", new Star("ada"))
            .id("gh-42")
            .context(Map.of("source", "webhook"))
            .delay(Duration.ofMinutes(5))
            .toTrigger(NOW, "sdk");
    assertEquals("gh-42", t.id());
    assertEquals("{\"source\":\"webhook\"}", t.context());
    assertEquals(NOW.plusSeconds(300), t.deliverAt());
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Event.of(" ", 1));
    assertThrows(
        IllegalArgumentException.class, () -> Event.of("x", 1).delay(Duration.ofSeconds(-1)));
  }
}
