package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.registry.SchemaRegistryClient;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Runlog;
import dev.runlog.sdk.Worker;
import dev.runlog.testkit.TopicContents;
import dev.runlog.testkit.registry.TestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka topic sources on a real broker, with one engine and one worker for every test (each test
 * has its own topic, source and job): records of a user's topic become runs, JSON or
 * Confluent-framed Avro through a real Schema Registry (Apicurio in a child JVM when the build made
 * it, else the in-process one: the log says which); a poison record goes to dead letters and the
 * source goes on; a topic that does not exist makes the source FAILING until it is created; an
 * engine restart in the middle of a stream neither repeats nor skips a record.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSourcesIT extends OnRealBroker {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSourcesIT.class);
  private static final String PREFIX = "ksrc";
  private static final Topics TOPICS = new Topics(PREFIX);
  private static final Schema AVRO_ORDER =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
                  + "{\"name\":\"item\",\"type\":\"string\"},"
                  + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

  /** The payload of the Avro job: a union field arrives as its plain value. */
  public record AvroOrder(String item, String note) {}

  private CompletableFuture<TestSchemaRegistry> registryStart;
  private TestSchemaRegistry registry;
  private RunlogEngine engine;
  private Worker worker;
  private Api api;
  private KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  void startEngineWorkerAndRegistry() {
    // Apicurio takes 5-10 s to answer: it starts while the engine does
    registryStart = CompletableFuture.supplyAsync(TestSchemaRegistry::startBest);
    List<Job<?>> jobs =
        List.of(
            echo("src.json"),
            Job.on("src.avro", AvroOrder.class)
                .call(
                    (order, io) ->
                        io.runTask("echo", String.class, () -> order.item() + "/" + order.note())),
            echo("src.poison"),
            echo("src.late"),
            echo("src.stream"));
    engine = cluster.engine(PREFIX);
    worker = Runlog.worker(jobs.toArray(Job<?>[]::new)).config(cluster.worker(PREFIX, "w")).start();
    api = new Api(engine.url());
    for (String job : List.of("src.json", "src.avro", "src.poison", "src.late", "src.stream")) {
      api.awaitJob(job);
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    p.put("acks", "all");
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    registry = registryStart.join();
    LOG.info("the Schema Registry of this test: {} at {}", registry.description(), registry.url());
  }

  @AfterAll
  void stopAll() {
    if (producer != null) {
      producer.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (registryStart != null) {
      registryStart
          .handle(
              (started, failed) -> {
                if (started != null) {
                  started.close();
                }
                return null;
              })
          .join();
    }
  }

  private static Job<Order> echo(String name) {
    return Job.on(name, Order.class)
        .call(
            (order, io) ->
                io.runTask(
                    "echo",
                    String.class,
                    () -> order.item() + "@" + io.context().eventContext().get("offset")));
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void eachJsonRecordOfAUserTopicBecomesOneRun() throws Exception {
    createTopic("orders-json", 2);
    for (int i = 0; i < 4; i++) {
      send("orders-json", 0, "k" + i, "{\"item\": \"book " + i + "\"}");
    }
    putSource(
        "orders-json",
        "{\"topics\": [\"orders-json\"], \"name\": \"src.json\", \"startFrom\": \"earliest\"}");
    for (int i = 0; i < 4; i++) {
      JsonNode run = api.awaitRunOfEvent("orders-json-0-" + i, "SUCCESS");
      assertEquals("\"book " + i + "@" + i + "\"", run.path("output").toString(), run.toString());
    }
    JsonNode source =
        api.await(
            "/api/sources/orders-json",
            a -> a.body().path("counters").path("triggered").asLong() == 4);
    assertEquals("RUNNING", source.path("state").asText(), source.toString());
    assertEquals(0, source.path("lag").asLong(), "everything read: " + source);
    String metrics = api.text("/metrics");
    assertTrue(metrics.contains("runlog_source_lag{source=\"orders-json\"}"), metrics);
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void confluentFramedAvroRecordsAreReadThroughTheSchemaRegistry() throws Exception {
    createTopic("orders-avro", 1);
    SchemaRegistryClient client = SchemaRegistryClient.of(URI.create(registry.url()));
    int id = client.register("orders-avro-value", "AVRO", AVRO_ORDER.toString());
    send("orders-avro", 0, "a", confluentAvro(id, "lamp", null));
    send("orders-avro", 0, "b", confluentAvro(id, "desk", "gift"));
    putSource(
        "orders-avro",
        "{\"topics\": [\"orders-avro\"], \"format\": \"confluent-avro\", \"name\": \"src.avro\","
            + " \"startFrom\": \"earliest\", \"registry\": {\"url\": \""
            + registry.url()
            + "\"}}");
    assertEquals(
        "\"lamp/null\"",
        api.awaitRunOfEvent("orders-avro-0-0", "SUCCESS").path("output").toString());
    assertEquals(
        "\"desk/gift\"",
        api.awaitRunOfEvent("orders-avro-0-1", "SUCCESS").path("output").toString());
    LOG.info("Confluent-framed Avro ran through {}", registry.description());
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void aPoisonRecordGoesToDeadLettersAndTheNextRecordsStillRun() throws Exception {
    createTopic("orders-poison", 1);
    putSource(
        "poison",
        "{\"topics\": [\"orders-poison\"], \"name\": \"src.poison\", \"startFrom\":"
            + " \"earliest\"}");
    send("orders-poison", 0, "good-1", "{\"item\": \"cup\"}");
    send("orders-poison", 0, "bad", "{not json");
    send("orders-poison", 0, "good-2", "{\"item\": \"mug\"}");
    api.awaitRunOfEvent("orders-poison-0-0", "SUCCESS");
    assertEquals(
        "\"mug@2\"", api.awaitRunOfEvent("orders-poison-0-2", "SUCCESS").path("output").toString());
    DeadLetter letter =
        TopicContents.read(cluster.bootstrapServers(), TOPICS.deadLetters().name()).stream()
            .map(r -> Codecs.DEAD_LETTER.decode(r.value()))
            .filter(l -> l.sourceTopic().equals("orders-poison"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no dead letter of orders-poison"));
    assertEquals(1, letter.sourceOffset());
    assertTrue(
        letter.reason().startsWith("kafka source poison: the value is not JSON"), letter.reason());
    assertEquals("{not json", new String(letter.originalValue(), StandardCharsets.UTF_8));
    assertEquals(
        0,
        api.get("/api/events/orders-poison-0-1/runs").body().path("runs").size(),
        "no run for the poison");
    JsonNode source = api.get("/api/sources/poison").body();
    assertEquals(1, source.path("counters").path("dead-lettered").asLong(), source.toString());
    assertEquals("RUNNING", source.path("state").asText());
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void aSourceOfATopicThatDoesNotExistIsFailingUntilTheTopicIsCreated() throws Exception {
    putSource(
        "late",
        "{\"topics\": [\"orders-late\"], \"name\": \"src.late\", \"startFrom\": \"earliest\"}");
    JsonNode failing =
        api.await("/api/sources/late", a -> a.body().path("state").asText().equals("FAILING"));
    assertEquals(
        "topic orders-late does not exist (or this engine may not describe it)",
        failing.path("reason").asText());
    assertTrue(engine.notReadyReason().isEmpty(), "the engine goes on");

    createTopic("orders-late", 1);
    api.await("/api/sources/late", a -> a.body().path("state").asText().equals("RUNNING"));
    send("orders-late", 0, "x", "{\"item\": \"late\"}");
    api.awaitRunOfEvent("orders-late-0-0", "SUCCESS");
  }

  @Test
  @org.junit.jupiter.api.Order(5)
  void aSourceIsPausedChangedAndDeletedAtRuntime() throws Exception {
    createTopic("orders-ctl", 1);
    putSource(
        "ctl",
        "{\"topics\": [\"orders-ctl\"], \"name\": \"src.json\", \"startFrom\": \"earliest\"}");
    send("orders-ctl", 0, "a", "{\"item\": \"first\"}");
    api.awaitRunOfEvent("orders-ctl-0-0", "SUCCESS");

    assertEquals(200, api.post("/api/sources/ctl/pause", "").status());
    assertEquals("PAUSED", api.get("/api/sources/ctl").body().path("state").asText());
    send("orders-ctl", 0, "b", "{\"item\": \"while paused\"}");
    assertEquals(200, api.post("/api/sources/ctl/resume", "").status());
    api.awaitRunOfEvent("orders-ctl-0-1", "SUCCESS"); // read from where it stopped

    putSource(
        "ctl",
        "{\"topics\": [\"orders-ctl\"], \"name\": \"src.json\", \"idField\": \"/id\","
            + " \"startFrom\": \"earliest\"}");
    send("orders-ctl", 0, "c", "{\"id\": \"ctl-2\", \"item\": \"changed\"}");
    api.awaitRunOfEvent("ctl-2", "SUCCESS"); // the new spec's event id

    assertEquals(200, api.delete("/api/sources/ctl").status());
    assertEquals(404, api.get("/api/sources/ctl").status());
    assertTrue(!api.text("/metrics").contains("source=\"ctl\""), "its metrics are gone");
  }

  @Test
  @org.junit.jupiter.api.Order(6)
  void aRegistryThatIsDownOrDoesNotKnowTheSchemaIdMakesTheSourceFailing() throws Exception {
    createTopic("orders-unknown-id", 1);
    send("orders-unknown-id", 0, "x", confluentAvro(424_242, "ghost", null));
    putSource(
        "unknown-id",
        "{\"topics\": [\"orders-unknown-id\"], \"format\": \"confluent-avro\","
            + " \"startFrom\": \"earliest\", \"registry\": {\"url\": \""
            + registry.url()
            + "\"}}");
    putSource(
        "registry-down",
        "{\"topics\": [\"orders-unknown-id\"], \"format\": \"confluent-avro\","
            + " \"startFrom\": \"earliest\", \"registry\": {\"url\": \"http://127.0.0.1:9\"}}");
    JsonNode unknown =
        api.await(
            "/api/sources/unknown-id", a -> a.body().path("state").asText().equals("FAILING"));
    assertTrue(
        unknown.path("reason").asText().contains("has no schema with id 424242"),
        unknown.toString());
    JsonNode down =
        api.await(
            "/api/sources/registry-down", a -> a.body().path("state").asText().equals("FAILING"));
    assertTrue(
        down.path("reason")
            .asText()
            .startsWith("schema registry http://127.0.0.1:9 is unreachable"),
        down.toString());
    assertEquals(0, api.get("/api/events/orders-unknown-id-0-0/runs").body().path("runs").size());
    assertEquals(200, api.delete("/api/sources/unknown-id").status());
    assertEquals(200, api.delete("/api/sources/registry-down").status());
  }

  @Test
  @org.junit.jupiter.api.Order(7)
  void anEngineRestartInTheMiddleOfAStreamRunsEveryRecordExactlyOnce() throws Exception {
    int records = 60;
    createTopic("orders-stream", 3);
    putSource(
        "stream",
        "{\"topics\": [\"orders-stream\"], \"name\": \"src.stream\", \"idField\": \"/id\","
            + " \"startFrom\": \"earliest\"}");
    api.await("/api/sources/stream", a -> a.body().path("state").asText().equals("RUNNING"));
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < records; i++) {
                send(
                    "orders-stream",
                    i % 3,
                    "k" + i,
                    "{\"id\": \"s-" + i + "\", \"item\": \"n" + i + "\"}");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(40)); // a stream, not a burst
              }
            },
            "stream-writer");
    writer.start();
    try {
      api.await(
          "/api/sources/stream", a -> a.body().path("counters").path("triggered").asLong() >= 5);
      assertTrue(writer.isAlive(), "the restart is in the middle of the stream");
      engine.close(); // the writer goes on while no engine runs
      engine = cluster.engine(PREFIX);
      api = new Api(engine.url());
      // ready only once it has read every source defined before it started: none is missing
      JsonNode listed = api.await("/api/sources", a -> a.status() == 200).path("sources");
      assertTrue(listed.findValuesAsText("id").contains("stream"), listed.toString());
      assertTrue(listed.findValuesAsText("id").contains("orders-json"), listed.toString());
    } finally {
      writer.join(Duration.ofSeconds(60).toMillis());
    }
    for (int i = 0; i < records; i++) {
      api.awaitRunOfEvent("s-" + i, "SUCCESS");
    }
    Map<String, Integer> triggers = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicContents.read(cluster.bootstrapServers(), TOPICS.triggers().name())) {
      TriggerEvent event = Codecs.TRIGGER_EVENT.decode(r.value());
      if ("kafka:stream".equals(event.source())) {
        triggers.merge(event.id(), 1, Integer::sum);
      }
    }
    List<String> notOnce = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      int written = triggers.getOrDefault("s-" + i, 0);
      int runs = api.get("/api/events/s-" + i + "/runs").body().path("runs").size();
      if (written != 1 || runs != 1) {
        notOnce.add("s-" + i + ": " + written + " triggers, " + runs + " runs");
      }
    }
    assertEquals(List.of(), notOnce, "every record gives one trigger and one run");
    assertEquals(records, triggers.size());
  }

  @Test
  @org.junit.jupiter.api.Order(8)
  void aSourceFromTheLatestRecordReadsWhatIsWrittenTheInstantTheApiAnswers() throws Exception {
    createTopic("orders-new", 2);
    producer
        .send(
            new ProducerRecord<>(
                "orders-new",
                0,
                System.currentTimeMillis() - 60_000,
                "old".getBytes(StandardCharsets.UTF_8),
                "{\"item\": \"before\"}".getBytes(StandardCharsets.UTF_8)))
        .get(30, TimeUnit.SECONDS);
    putSource("fresh", "{\"topics\": [\"orders-new\"], \"name\": \"src.json\"}");
    // no wait for the group's first assignment: Kafka's own "latest" would skip these
    send("orders-new", 0, "a", "{\"item\": \"right after\"}");
    send("orders-new", 1, "b", "{\"item\": \"on the other partition\"}");
    api.awaitRunOfEvent("orders-new-0-1", "SUCCESS");
    api.awaitRunOfEvent("orders-new-1-0", "SUCCESS");
    assertEquals(
        404, api.get("/api/events/orders-new-0-0").status(), "written before the source: not read");
  }

  private void putSource(String id, String spec) {
    Api.Answer answer =
        api.put("/api/sources/" + id, "{\"kind\": \"kafka\", \"spec\": " + spec + "}");
    assertTrue(answer.status() == 201 || answer.status() == 200, answer.toString());
  }

  private void createTopic(String name, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }

  private void send(String topic, int partition, String key, String value) {
    send(topic, partition, key, value.getBytes(StandardCharsets.UTF_8));
  }

  private void send(String topic, int partition, String key, byte[] value) {
    try {
      producer
          .send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value))
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cannot write to " + topic, e);
    }
  }

  private static byte[] confluentAvro(int schemaId, String item, String note) throws Exception {
    GenericRecord order = new GenericData.Record(AVRO_ORDER);
    order.put("item", item);
    order.put("note", note);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(AVRO_ORDER).write(order, encoder);
    encoder.flush();
    byte[] data = out.toByteArray();
    return ByteBuffer.allocate(5 + data.length).put((byte) 0).putInt(schemaId).put(data).array();
  }
}
