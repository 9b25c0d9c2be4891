package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.TestCluster;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.KafkaRecord;
import dev.runlog.sdk.RecordWritten;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import dev.runlog.testkit.TopicContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code io.kafka().send} across a worker killed in the middle of it: before its transaction
 * commits (records and {@code TaskCompleted} written, not committed) and right after. Either way a
 * read_committed consumer sees each record once, and the run completes on another worker, which
 * replays the send after a durable sleep without writing again. How long the open transaction of
 * the killed worker held back read_committed readers of the run's run-events partition (the engine
 * among them) is measured and logged ({@code recovery:}), not asserted.
 */
class ExactlyOnceSendIT {
  private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceSendIT.class);
  private static final Duration DEADLINE = Duration.ofSeconds(150);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 3;

  /** A killed worker leaves its group within seconds. */
  static final Map<String, Object> QUICK_EVICTION =
      Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");

  private static TestCluster cluster;

  record Order(int n) {}

  record Shipped(String runId, int index) {}

  /**
   * Job {@code ship}: sends {@value #RECORDS} records keyed by its run id to {@code topic}, then
   * (unless {@code haltAfterSend} exists: it creates it) halts the JVM; sleeps durably, then
   * returns the number of records the send reports.
   */
  static Job<Order> shipJob(String topic, Path haltAfterSend) {
    return Job.define(
        "ship",
        "ship.run",
        Order.class,
        (order, io, ctx) -> {
          List<KafkaRecord> records = new ArrayList<>();
          for (int i = 0; i < RECORDS; i++) {
            records.add(
                KafkaRecord.of(ctx.runId(), new Shipped(ctx.runId(), i)).withHeader("n", "" + i));
          }
          List<RecordWritten> written = io.kafka().send("notify", topic, records);
          if (haltAfterSend != null && !Files.exists(haltAfterSend)) {
            Files.createFile(haltAfterSend);
            System.out.println("halting after the commit");
            System.out.flush();
            Runtime.getRuntime().halt(137);
          }
          io.sleep("pause", Duration.ofMillis(1)); // the next execution replays the send
          return io.runTask("count", Integer.class, written::size);
        });
  }

  @BeforeAll
  static void startBroker() {
    cluster = new TestCluster();
  }

  @AfterAll
  static void stopBroker() {
    cluster.close();
  }

  @Test
  void aWorkerKilledBeforeItsSendCommitsLeavesEachRecordOnceAndTheRunCompletesOnAnother(
      @TempDir Path dir) throws Exception {
    Outcome o = killedMidSend("sb", "before", dir.resolve("halted"));
    assertEquals(
        2 * RECORDS,
        o.uncommitted(),
        "the killed attempt's records are in the topic, aborted: " + o.uncommitted());
  }

  @Test
  void aWorkerKilledAfterItsSendCommittedLeavesEachRecordOnceAndTheRunCompletesOnAnother(
      @TempDir Path dir) throws Exception {
    Outcome o = killedMidSend("sa", "after", dir.resolve("halted"));
    assertEquals(RECORDS, o.uncommitted(), "nothing written again, not even aborted");
  }

  private record Outcome(int uncommitted) {}

  private Outcome killedMidSend(String prefix, String when, Path marker) throws Exception {
    String topic = prefix + ".orders.shipped";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    try (RunlogEngine engine = cluster.engine(prefix);
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), prefix, Map.of())) {
      Api api = new Api(engine.url());
      String runId;
      long halted;
      try (ChildJvm doomed =
          SendWorker.start(cluster.bootstrapServers(), prefix, topic, when, marker)) {
        api.awaitJob("ship");
        runId = RunIds.of(client.send("ship.run", prefix + "-1", new Order(1), null), "ship");
        assertEquals(when, doomed.awaitLine(SendWorker.HALTING).group(1));
        halted = System.nanoTime();
      }
      long stalled = "before".equals(when) ? stallOfRunEvents(prefix, runId, halted) : 0;
      long survivorStarted = System.nanoTime();
      try (Worker survivor =
          Worker.start(cluster.worker(prefix, "survivor"), List.of(shipJob(topic, null)))) {
        JsonNode run = await(api, "/api/runs/" + runId);
        long done = System.nanoTime();
        assertEquals(RECORDS, run.path("output").asInt());

        List<ConsumerRecord<byte[], byte[]>> committed =
            records(topic, runId, IsolationLevel.READ_COMMITTED);
        assertEquals(
            RECORDS,
            committed.size(),
            "each record once: " + committed.stream().map(ExactlyOnceSendIT::describe).toList());
        List<Integer> indexes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committed) {
          indexes.add(JSON.readTree(r.value()).path("index").asInt());
          assertEquals(
              String.valueOf(JSON.readTree(r.value()).path("index").asInt()),
              new String(r.headers().lastHeader("n").value(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of(0, 1, 2), indexes.stream().sorted().toList());

        List<RunEvent> events = cluster.events(prefix, runId);
        List<RunEventBody.TaskCompleted> sends =
            events.stream()
                .map(RunEvent::body)
                .filter(b -> b instanceof RunEventBody.TaskCompleted c && c.key().equals("notify"))
                .map(b -> (RunEventBody.TaskCompleted) b)
                .toList();
        assertEquals(1, sends.size(), "one committed completion of the send: " + sends);
        assertEquals("kafka", sends.get(0).integration().kind());
        JsonNode positions = JSON.readTree(sends.get(0).output());
        for (int i = 0; i < RECORDS; i++) {
          ConsumerRecord<byte[], byte[]> r = committed.get(i);
          assertTrue(
              containsPosition(positions, r.partition(), r.offset()),
              "the output names where record " + describe(r) + " is: " + positions);
        }
        LOG.info(
            "recovery: (kafka send, worker halted {} the commit) run SUCCESS {} ms after the halt,"
                + " {} ms after the survivor started; the open transaction held read_committed"
                + " readers of the run's run-events partition for {} ms",
            when,
            ms(done - halted),
            ms(done - survivorStarted),
            stalled);
        return new Outcome(records(topic, runId, IsolationLevel.READ_UNCOMMITTED).size());
      }
    }
  }

  private static boolean containsPosition(JsonNode positions, int partition, long offset) {
    for (JsonNode p : positions) {
      if (p.path("partition").asInt() == partition && p.path("offset").asLong() == offset) {
        return true;
      }
    }
    return false;
  }

  /**
   * How long after {@code haltedNanos} the last stable offset of the run's run-events partition
   * caught up with its end: the killed worker's transaction was aborted by the broker.
   */
  private static long stallOfRunEvents(String prefix, String runId, long haltedNanos)
      throws Exception {
    String runEvents = prefix + ".run-events";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      int partitions =
          admin
              .describeTopics(List.of(runEvents))
              .allTopicNames()
              .get()
              .get(runEvents)
              .partitions()
              .size();
      TopicPartition tp =
          new TopicPartition(
              runEvents,
              Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions);
      awaitTrue(
          () -> {
            try {
              long stable =
                  admin
                      .listOffsets(
                          Map.of(tp, OffsetSpec.latest()),
                          new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                      .partitionResult(tp)
                      .get()
                      .offset();
              long end =
                  admin
                      .listOffsets(Map.of(tp, OffsetSpec.latest()))
                      .partitionResult(tp)
                      .get()
                      .offset();
              return stable == end;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          "the killed worker's transaction ends");
      return ms(System.nanoTime() - haltedNanos);
    }
  }

  /** The records of {@code runId} in {@code topic}, read with {@code isolation} to the end. */
  private static List<ConsumerRecord<byte[], byte[]>> records(
      String topic, String runId, IsolationLevel isolation) {
    return TopicContents.read(cluster.bootstrapServers(), topic, isolation, DEADLINE).stream()
        .filter(r -> r.key() != null && runId.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }

  /** A record for a failure message: where it is, and its value as text. */
  private static String describe(ConsumerRecord<byte[], byte[]> r) {
    return r.partition() + "@" + r.offset() + " " + new String(r.value(), StandardCharsets.UTF_8);
  }

  private static JsonNode await(Api api, String path) {
    Api.Answer[] last = new Api.Answer[1];
    awaitTrue(
        () -> {
          last[0] = api.get(path);
          return last[0].status() == 200
              && "SUCCESS".equals(last[0].body().path("status").asText());
        },
        "GET " + path + " is SUCCESS");
    return last[0].body();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      if (condition.getAsBoolean()) {
        return;
      }
      Api.pause();
    }
    throw new AssertionError(what + " did not happen within " + DEADLINE);
  }

  private static long ms(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }
}
