package dev.runlog.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Records written with an older schema of the history are read by today's code. */
class OlderSchemasTest {

  @Test
  void aDispatchWithoutATaskFailedForGoodIsWrittenForWorkersThatKnowOnlyTheSchemaBefore()
      throws Exception {
    Schema before =
        SchemaHistory.schemas().stream()
            .filter(s -> s.getName().equals("ExecuteRun"))
            .filter(s -> s.getField("waits") != null)
            .filter(s -> s.getField("tasks").schema().getElementType().getField("failed") == null)
            .reduce((older, newer) -> newer)
            .orElseThrow();
    // what a worker of before reads with: Avro's own decoder, that one schema and no history
    BinaryMessageDecoder<GenericRecord> olderWorker =
        new BinaryMessageDecoder<>(GenericData.get(), before);
    ExecuteRun retrying =
        dispatch(
            TaskSnapshot.completed("a", "1", 1),
            TaskSnapshot.failed("b", 1, ErrorInfo.of("E", "503"), false));

    byte[] written = Codecs.EXECUTE_RUN.encode(retrying);
    GenericRecord read = olderWorker.decode(written);
    assertEquals("run", read.get("runId").toString());
    assertEquals(2, ((List<?>) read.get("tasks")).size());
    assertEquals(retrying, Codecs.EXECUTE_RUN.decode(written));

    ExecuteRun failedForGood =
        dispatch(TaskSnapshot.failed("b", 1, ErrorInfo.of("E", "404"), true));
    byte[] withFailed = Codecs.EXECUTE_RUN.encode(failedForGood);
    assertThrows(Exception.class, () -> olderWorker.decode(withFailed));
    assertEquals(failedForGood, Codecs.EXECUTE_RUN.decode(withFailed));
  }

  /** A second execution's dispatch with {@code tasks}. */
  private static ExecuteRun dispatch(TaskSnapshot... tasks) {
    Instant t = Instant.parse("2026-11-30T10:00:00Z");
    return new ExecuteRun(
        "run",
        "job",
        "1",
        2,
        "{}",
        null,
        "evt",
        "demo.hello",
        t,
        t,
        List.of(tasks),
        List.of(),
        4,
        1234L,
        null,
        false);
  }

  @Test
  void aRunCreatedWrittenBeforeDeliverAtExistedIsStillRead() throws Exception {
    Schema v1 =
        SchemaHistory.schemas().stream()
            .filter(
                s ->
                    s.getName().equals("RunEvent")
                        && s.getField("body").schema().getTypes().get(0).getField("deliverAt")
                            == null)
            .findFirst()
            .orElseThrow();
    Schema createdV1 = v1.getField("body").schema().getTypes().get(0);
    GenericRecord created = new GenericData.Record(createdV1);
    created.put("jobId", "job");
    created.put("jobVersion", "1");
    created.put("eventId", "evt");
    created.put("eventName", "demo.hello");
    created.put("eventTimestamp", 1_000L);
    created.put("payload", "{}");
    GenericRecord envelope = new GenericData.Record(v1);
    envelope.put("runId", "run-1");
    envelope.put("timestamp", 2_000L);
    envelope.put("origin", new GenericData.EnumSymbol(v1.getField("origin").schema(), "TRIGGER"));
    envelope.put("body", created);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(envelope, out);

    RunEvent event = Codecs.RUN_EVENT.decode(out.toByteArray());
    RunEventBody.RunCreated body = (RunEventBody.RunCreated) event.body();
    assertEquals("run-1", event.runId());
    assertEquals(Instant.ofEpochMilli(1_000), body.eventTimestamp());
    assertNull(body.deliverAt());
  }

  @Test
  void aJobRegisteredBeforeSchedulesExistedHasNone() throws Exception {
    Schema v2 =
        SchemaHistory.schemas().stream()
            .filter(s -> s.getName().equals("JobDefinition") && s.getField("keyLimit") != null)
            .filter(s -> s.getField("schedules") == null)
            .findFirst()
            .orElseThrow();
    GenericRecord job = new GenericData.Record(v2);
    job.put("id", "job");
    job.put("version", "1");
    job.put("eventName", "demo.hello");
    job.put("queue", "default");
    job.put("registeredAt", 1_000L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(job, out);

    JobDefinition read = Codecs.JOB_DEFINITION.decode(out.toByteArray());
    assertEquals("demo.hello", read.eventName());
    assertEquals(List.of(), read.schedules());
  }
}
