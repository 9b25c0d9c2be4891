package dev.runlog.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoreFormatTest {
  private final JsonSerde<TaskState> serde = new JsonSerde<>(TaskState.class);

  @Test
  void instantsAreKeptAsEpochMillisAndEveryEarlierFormIsStillRead() {
    Instant at = Instant.parse("2026-11-24T10:00:00.123Z");
    TaskState task = new TaskState("fetch", 0, TaskStatus.COMPLETED, "\"ok\"", null, 1, at, at, 0);
    String json = new String(serde.serializer().serialize("", task), StandardCharsets.UTF_8);
    assertEquals(true, json.contains("\"startedAt\":" + at.toEpochMilli()), json);
    assertEquals(task, serde.deserializer().deserialize("", json.getBytes(StandardCharsets.UTF_8)));

    for (String earlier : new String[] {"1795514400.123000000", "\"2026-11-24T10:00:00.123Z\""}) {
      String old =
          "{\"key\":\"fetch\",\"index\":0,\"status\":\"COMPLETED\",\"output\":\"\\\"ok\\\"\",\"attempts\":1,\"startedAt\":"
              + earlier
              + ",\"finishedAt\":"
              + earlier
              + "}";
      assertEquals(
          task,
          serde.deserializer().deserialize("", old.getBytes(StandardCharsets.UTF_8)),
          earlier);
    }
  }

  @Test
  void paddedKeysSortAsNumbers() {
    assertEquals("000000000042", Keys.padded(42, 12));
    assertEquals(
        String.format("%019d", Long.MAX_VALUE - 1_795_514_400_123L),
        Keys.padded(Long.MAX_VALUE - 1_795_514_400_123L, 19));
    assertEquals("1234", Keys.padded(1234, 2));
    assertThrows(IllegalArgumentException.class, () -> Keys.padded(-1, 5));
  }
}
