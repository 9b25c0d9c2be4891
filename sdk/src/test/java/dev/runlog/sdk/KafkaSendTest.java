package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.TaskIntegration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code io.kafka().send} as a task: memoized, self-completing, failed and retried as one. */
class KafkaSendTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  record Shipped(String order, String carrier) {}

  /** Steps whose transactional send "writes" records and returns their positions. */
  private static final class SendingSteps extends NoSteps {
    final List<String> appended = new ArrayList<>();
    Exception failWith;

    @Override
    public String sendInTransaction(
        String key, String topic, List<KafkaRecord> records, Instant startedAt, int attempt)
        throws Exception {
      if (failWith != null) {
        throw failWith;
      }
      List<RecordWritten> written = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        written.add(new RecordWritten(topic, 0, 10 + i));
      }
      appended.add("sent " + key + " " + records.size() + " records #" + attempt);
      return Json.write(written);
    }

    @Override
    public void taskCompleted(String key, String outputJson, Instant startedAt, int attempt) {
      appended.add("completed " + key);
    }

    @Override
    public void taskFailed(
        String key,
        ErrorInfo error,
        int attempt,
        Instant startedAt,
        Instant retryAt,
        TaskIntegration integration) {
      appended.add(
          "failed "
              + key
              + " "
              + integration.kind()
              + " "
              + integration.operation()
              + (retryAt == null ? "" : " retry"));
    }
  }

  private final SendingSteps steps = new SendingSteps();

  private Io io(Map<String, String> completed, RetryPolicy retry) {
    return new Io(
        new HashMap<>(completed),
        Map.<String, TaskSnapshot>of(),
        new HashMap<>(),
        steps,
        retry,
        Clock.fixed(NOW, ZoneOffset.UTC),
        () -> 0.0,
        IoTest.CONTEXT);
  }

  @Test
  void aSendCompletesItselfOnceAndReturnsWhereItsRecordsWent() {
    Io io = io(Map.of(), RetryPolicy.none());
    List<RecordWritten> written =
        io.kafka()
            .send(
                "notify",
                "orders.out",
                KafkaRecord.of("o-1", new Shipped("o-1", "DHL")),
                KafkaRecord.of("o-2", "text"));
    assertEquals(
        List.of(new RecordWritten("orders.out", 0, 10), new RecordWritten("orders.out", 0, 11)),
        written);
    // no second TaskCompleted: the transaction wrote it
    assertEquals(List.of("sent notify 2 records #1"), steps.appended);
    assertEquals(written, io.kafka().send("notify", "orders.out", KafkaRecord.of("x", "y")));
    assertEquals(1, steps.appended.size(), "a key sends once per run");
  }

  @Test
  void aReplayReturnsTheStoredPositionsWithoutSending() {
    String stored = Json.write(List.of(new RecordWritten("orders.out", 2, 42)));
    Io io = io(Map.of("notify", stored), RetryPolicy.none());
    assertEquals(
        List.of(new RecordWritten("orders.out", 2, 42)),
        io.kafka().send("notify", "orders.out", KafkaRecord.of("o-1", "v")));
    assertEquals(List.of(), steps.appended);
  }

  @Test
  void aFailedSendIsATaskFailureLabelledKafkaRetriedByThePolicy() {
    steps.failWith = new IllegalStateException("no such topic");
    Io retried =
        io(Map.of(), RetryPolicy.exponential(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(4)));
    assertThrows(
        Suspension.class,
        () -> retried.kafka().send("notify", "nowhere", KafkaRecord.of("k", "v")));
    assertEquals(List.of("failed notify kafka send retry"), steps.appended);

    steps.appended.clear();
    Io once = io(Map.of(), RetryPolicy.none());
    assertThrows(
        TaskFailedException.class,
        () -> once.kafka().send("notify", "nowhere", KafkaRecord.of("k", "v")));
    assertEquals(List.of("failed notify kafka send"), steps.appended);
  }

  @Test
  void aRecordsValueIsItsBytesItsTextOrItsJson() {
    byte[] raw = {1, 2, 3};
    assertArrayEquals(raw, KafkaRecord.of("k", raw).valueBytes());
    assertArrayEquals(
        "plain".getBytes(StandardCharsets.UTF_8), KafkaRecord.of("k", "plain").valueBytes());
    assertEquals(
        "{\"order\":\"o-1\",\"carrier\":\"DHL\"}",
        new String(
            KafkaRecord.of("k", new Shipped("o-1", "DHL")).valueBytes(), StandardCharsets.UTF_8));
    assertNull(KafkaRecord.of("k", null).valueBytes(), "a tombstone");
    assertNull(KafkaRecord.of("v").keyBytes());
    assertEquals(
        Map.of("a", "1", "b", "2"),
        KafkaRecord.of("v").withHeader("a", "1").withHeader("b", "2").headers());
  }

  @Test
  void aSendNeedsATopicAndAWorker() {
    assertThrows(
        IllegalArgumentException.class,
        () -> io(Map.of(), RetryPolicy.none()).kafka().send("k", " ", KafkaRecord.of("v")));
    RunSteps bare = new NoSteps();
    assertThrows(
        UnsupportedOperationException.class,
        () -> bare.sendInTransaction("k", "t", List.of(), NOW, 1));
  }
}
