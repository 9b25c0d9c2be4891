package dev.runlog.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.execution.WaitSnapshot;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.JobSchedule;
import dev.runlog.protocol.job.NamedLimit;
import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecsTest {
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  /** One of each body type: adding a type to the union without mapping it fails here. */
  static List<RunEventBody> everyBody() {
    ErrorInfo error = new ErrorInfo("java.lang.IllegalStateException", "boom", "trace");
    return List.of(
        new RunEventBody.RunCreated(
            "job", "1", "evt", "demo.hello", T, "{\"a\":1}", "{}", null, T.plusSeconds(60)),
        new RunEventBody.RunInvalidPayload(List.of("$.a: must be a string")),
        new RunEventBody.RunQueued("job"),
        new RunEventBody.RunStarted(1, "created", T),
        new RunEventBody.TaskStarted("k", 1),
        new RunEventBody.TaskCompleted("k", "\"out\"", T, 1),
        new RunEventBody.TaskFailed("k", error, 2, T, T.plusSeconds(4)),
        new RunEventBody.WaitRequested("w", T.plusSeconds(30)),
        new RunEventBody.WaitElapsed("w"),
        new RunEventBody.ExecutionYielded("slice"),
        new RunEventBody.ExecutionHeartbeat("k"),
        new RunEventBody.ExecutionLeaseExpired(3),
        new RunEventBody.CancelRequested("no longer needed", "api"),
        new RunEventBody.RunSucceeded("{\"ok\":true}"),
        new RunEventBody.RunFailed(error),
        new RunEventBody.RunCanceled("api"),
        new RunEventBody.RunTimedOut("max duration"),
        new RunEventBody.RunWaitingOnConnections(List.of("slack")),
        new RunEventBody.ConnectionsResolved(List.of("slack")),
        new RunEventBody.RunAuthUnresolved("slack", "no token"),
        new RunEventBody.LogWritten("INFO", "hello", "{\"n\":1}", "3:0"),
        new RunEventBody.RunReplayed("run-2"),
        new RunEventBody.RunCreated(
            "child-job", "1", "p/k", "x", T, "{}", null, null, null, "parent", "k"),
        new RunEventBody.EventWaitRequested(
            "paid", "order.paid", "{\"payload.orderId\":\"42\"}", T.plusSeconds(60)),
        new RunEventBody.ChildWaitRequested("child", "c-1", null),
        new RunEventBody.WaitResolved("paid", "{\"id\":\"e1\"}"),
        new RunEventBody.ChildRunCreated("child", "c-1", "child-job"),
        new RunEventBody.RunContinued("api", "fixed the bug"));
  }

  @Test
  void everyRunEventBodyRoundTrips() {
    List<RunEventBody> bodies = everyBody();
    assertEquals(
        RunEventBody.class.getPermittedSubclasses().length,
        bodies.stream().map(Object::getClass).distinct().count(),
        "a body type has no round-trip case");
    for (RunEventBody body : bodies) {
      RunEvent event = new RunEvent("run-1", T, Origin.WORKER, 7L, body);
      assertEquals(event, Codecs.RUN_EVENT.decode(Codecs.RUN_EVENT.encode(event)));
    }
  }

  @Test
  void avroTriggerRoundTrips() {
    TriggerEvent t =
        new TriggerEvent(
            "evt-1", "demo.hello", "{\"x\":1}", "{\"y\":2}", T, T.plusSeconds(5), "sdk");
    assertEquals(t, Codecs.TRIGGER_EVENT.decode(Codecs.TRIGGER_EVENT.encode(t)));
  }

  @Test
  void jsonTriggerIsReadWithItsFields() {
    byte[] json =
        "  {\"name\":\"demo.hello\",\"id\":\"e1\",\"payload\":{\"who\":\"ada\"},\"context\":{\"env\":\"dev\"},\"deliverAfter\":\"PT5S\"}"
            .getBytes(StandardCharsets.UTF_8);
    TriggerEvent t = Codecs.TRIGGER_EVENT.decode(json, "key", T);
    assertEquals("e1", t.id());
    assertEquals("demo.hello", t.name());
    assertEquals("{\"who\":\"ada\"}", t.payload());
    assertEquals("{\"env\":\"dev\"}", t.context());
    assertEquals(T, t.timestamp());
    assertEquals(T.plusSeconds(5), t.deliverAt());
  }

  @Test
  void jsonTriggerWithoutIdTakesTheFallback() {
    byte[] json = "{\"name\":\"demo.hello\"}".getBytes(StandardCharsets.UTF_8);
    TriggerEvent t = Codecs.TRIGGER_EVENT.decode(json, "runlog.triggers-0-42", T);
    assertEquals("runlog.triggers-0-42", t.id());
    assertEquals("null", t.payload());
  }

  @Test
  void badTriggersFailWithAReason() {
    var codec = Codecs.TRIGGER_EVENT;
    assertTrue(
        assertThrows(
                DecodeException.class,
                () -> codec.decode("not json".getBytes(StandardCharsets.UTF_8), "k", T))
            .getMessage()
            .contains("neither Avro"));
    assertTrue(
        assertThrows(
                DecodeException.class,
                () -> codec.decode("{\"name\":".getBytes(StandardCharsets.UTF_8), "k", T))
            .getMessage()
            .contains("not valid JSON"));
    assertTrue(
        assertThrows(
                DecodeException.class,
                () -> codec.decode("{\"payload\":{}}".getBytes(StandardCharsets.UTF_8), "k", T))
            .getMessage()
            .contains("\"name\""));
    assertTrue(
        assertThrows(
                DecodeException.class,
                () -> codec.decode(new byte[] {(byte) 0xC3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5}, "k", T))
            .getMessage()
            .contains("cannot decode TriggerEvent"));
  }

  @Test
  void jobDefinitionRoundTrips() {
    JobDefinition j =
        new JobDefinition(
            "job",
            "2",
            "demo.hello",
            "q1",
            "{\"type\":\"object\"}",
            2,
            new NamedLimit("shared", 5),
            null,
            60_000L,
            300_000L,
            30_000L,
            5,
            new RetryPolicy(3, 2.0, 100, 1000, true),
            T,
            "worker-1",
            List.of(),
            List.of());
    assertEquals(j, Codecs.JOB_DEFINITION.decode(Codecs.JOB_DEFINITION.encode(j)));
    JobDefinition scheduled =
        j.withSchedules(
            List.of(
                new JobSchedule("0 9 * * MON-FRI", "Europe/Berlin", null, null),
                new JobSchedule(null, null, 60_000L, "once")));
    assertEquals(scheduled, Codecs.JOB_DEFINITION.decode(Codecs.JOB_DEFINITION.encode(scheduled)));
  }

  @Test
  void executeRunRoundTrips() {
    ExecuteRun e =
        new ExecuteRun(
            "run",
            "job",
            "1",
            3,
            "{}",
            null,
            "evt",
            "demo.hello",
            T,
            T,
            List.of(
                TaskSnapshot.completed("a", "1", 1),
                TaskSnapshot.failed("b", 2, ErrorInfo.of("E", "m"), true)),
            List.of(new WaitSnapshot("w", T, true)),
            4,
            1234L,
            300_000L,
            false);
    assertEquals(e, Codecs.EXECUTE_RUN.decode(Codecs.EXECUTE_RUN.encode(e)));
  }

  @Test
  void sourceDefinitionRoundTrips() {
    var s =
        new dev.runlog.protocol.source.SourceDefinition(
            "orders",
            dev.runlog.protocol.source.SourceKind.KAFKA,
            true,
            "{\"topics\":[\"orders\"]}",
            T);
    assertEquals(s, Codecs.SOURCE_DEFINITION.decode(Codecs.SOURCE_DEFINITION.encode(s)));
  }

  @Test
  void deadLetterRoundTrips() {
    DeadLetter d =
        new DeadLetter(
            "bad",
            "runlog.triggers",
            1,
            2,
            "k".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, 2},
            T);
    DeadLetter back = Codecs.DEAD_LETTER.decode(Codecs.DEAD_LETTER.encode(d));
    assertEquals(d.reason(), back.reason());
    assertArrayEquals(d.originalValue(), back.originalValue());
    assertArrayEquals(d.originalKey(), back.originalKey());
  }

  @Test
  void aRunEventIsNotATrigger() {
    byte[] runEvent =
        Codecs.RUN_EVENT.encode(RunEvent.engine("r", T, new RunEventBody.RunQueued("j")));
    assertThrows(DecodeException.class, () -> Codecs.TRIGGER_EVENT.decode(runEvent, "k", T));
  }
}
