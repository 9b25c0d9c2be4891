package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWaitBufferConfigTest {
  @Test
  void theBufferIsAnHourByDefaultAndSetInMilliseconds() {
    assertEquals(
        Duration.ofHours(1),
        EngineConfig.from(Map.of(), Path.of("state")).eventWaitBuffer().window());
    EngineConfig none =
        EngineConfig.from(Map.of(EngineConfig.EVENT_WAIT_BUFFER_MS_CONFIG, "0"), Path.of("state"));
    assertFalse(none.eventWaitBuffer().enabled());
    assertEquals(
        Duration.ZERO,
        none.withHttpPort(1).eventWaitBuffer().window(),
        "kept by the other with* copies");
    assertEquals(
        Duration.ofMinutes(5),
        none.withEventWaitBuffer(Duration.ofMinutes(5)).eventWaitBuffer().window());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EngineConfig.from(
                Map.of(EngineConfig.EVENT_WAIT_BUFFER_MS_CONFIG, "-1"), Path.of("state")));
  }
}
