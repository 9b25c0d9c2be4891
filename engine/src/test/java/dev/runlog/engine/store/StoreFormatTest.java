package dev.runlog.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runlog.engine.run.ParentLink;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStatus;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.TaskStatus;
import dev.runlog.engine.topology.StoredValues;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.TaskIntegration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
  void runHeadersAndTasksAreKeptCompactAndJsonWrittenEarlierIsStillRead() {
    Instant at = Instant.parse("2026-11-24T10:00:00.123Z");
    RunState run =
        new RunState(
            "run_1",
            "job",
            "v1",
            "evt",
            "order.created",
            RunStatus.WAITING,
            3,
            7,
            at,
            at,
            at,
            null,
            null,
            new ErrorInfo(null, "boom", null),
            at,
            2,
            true,
            "limit:job",
            at,
            "wait:pause",
            42,
            9,
            "run_0",
            List.of("run_2", "run_3"),
            1,
            at,
            "acme",
            new ParentLink("run_p", "child"),
            "run_c",
            List.of("slack/acme"));
    TaskState task =
        new TaskState(
            "send",
            4,
            TaskStatus.RETRYING,
            null,
            new ErrorInfo("java.io.IOException", "down", "at"),
            2,
            at,
            null,
            1,
            new TaskIntegration("kafka", "orders", "send"));
    var runs = StoredValues.runs();
    var tasks = StoredValues.tasks();
    assertEquals(run, runs.deserializer().deserialize("", runs.serializer().serialize("", run)));
    assertEquals(
        task, tasks.deserializer().deserialize("", tasks.serializer().serialize("", task)));
    for (TaskState.Completion completion :
        new TaskState.Completion[] {
          new TaskState.Completion(7, 3L, "WORKER"), new TaskState.Completion(0, null, "ENGINE")
        }) {
      TaskState completed = task.withCompletion(completion);
      byte[] bytes = tasks.serializer().serialize("", completed);
      assertEquals(completed, tasks.deserializer().deserialize("", bytes));
    }
    byte[] withCompletion =
        tasks.serializer().serialize("", task.withCompletion(new TaskState.Completion(7, 3L, "W")));
    // a task stored before completions were ends before their five fields (a byte each if absent)
    int olderLength = tasks.serializer().serialize("", task).length - 5;
    assertEquals(
        task,
        tasks.deserializer().deserialize("", java.util.Arrays.copyOf(withCompletion, olderLength)));
    RunState bare =
        new RunState(
            "run_1",
            "job",
            null,
            null,
            null,
            RunStatus.PENDING,
            0,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            false,
            null,
            null,
            null,
            -1,
            0,
            null,
            null,
            0,
            null,
            null,
            null,
            null,
            null);
    assertEquals(bare, runs.deserializer().deserialize("", runs.serializer().serialize("", bare)));

    byte[] written = runs.serializer().serialize("", bare);
    assertEquals( // a value from before the last field was added ends before it: its default
        bare,
        runs.deserializer().deserialize("", java.util.Arrays.copyOf(written, written.length - 1)));

    JsonSerde<RunState> json = new JsonSerde<>(RunState.class);
    assertEquals(run, runs.deserializer().deserialize("", json.serializer().serialize("", run)));
    assertEquals(
        task, tasks.deserializer().deserialize("", serde.serializer().serialize("", task)));
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
