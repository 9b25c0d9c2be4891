package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.RunlogEngine;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import dev.runlog.testkit.TopicContents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Poison on the engine's input topics, every kind at once, on a real broker: each record goes to
 * dead letters with a reason, the stream threads never die, and good events sent after it run to
 * the end. Before bounded decoding, an Avro trigger claiming a 2 GB string killed the stream thread
 * with an OutOfMemoryError (run with {@code -DargLine=-Xmx1g} to see it), which was replaced and
 * read the same record again, for ever.
 */
class PoisonRecordsIT extends OnRealBroker {
  private static final String PREFIX = "poison";
  private static final Topics TOPICS = new Topics(PREFIX);
  private static final Schema TRIGGER = dev.runlog.protocol.avro.TriggerEvent.getClassSchema();
  private static final Schema RUN_EVENT = dev.runlog.protocol.avro.RunEvent.getClassSchema();

  /** Where a poison record landed, and what it was. */
  private record Sent(String what, String topic, int partition, long offset) {}

  @Test
  void everyPoisonRecordIsDeadLetteredAndGoodEventsStillRun() throws Exception {
    Job<Order> job =
        Job.define(
            "greet",
            "poison.greet",
            Order.class,
            (order, io, ctx) -> io.runTask("hello", String.class, () -> "hello " + order.item()));
    try (RunlogEngine engine = cluster.engine(PREFIX);
        Worker worker = Worker.start(cluster.worker(PREFIX, "w"), List.of(job));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), PREFIX, Map.of());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                producerProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      Api api = new Api(engine.url());
      api.awaitJob("greet");
      String before = client.send("poison.greet", new Order("before"));
      api.awaitRunOfEvent(before, "SUCCESS");

      List<Sent> sent = new ArrayList<>();
      for (Map.Entry<String, byte[]> poison : triggerPoison().entrySet()) {
        sent.add(
            send(
                producer,
                TOPICS.triggers().name(),
                "poison-" + sent.size(),
                poison.getKey(),
                poison.getValue()));
      }
      for (Map.Entry<String, byte[]> poison : runEventPoison().entrySet()) {
        sent.add(
            send(
                producer,
                TOPICS.runEvents().name(),
                "run_poison",
                poison.getKey(),
                poison.getValue()));
      }
      List<String> good = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        good.add(client.send("poison.greet", new Order("after-" + i)));
      }

      for (String eventId : good) {
        assertEquals(
            "hello after-" + good.indexOf(eventId),
            api.awaitRunOfEvent(eventId, "SUCCESS").path("output").asText());
      }
      Map<String, DeadLetter> letters = deadLetters(sent);
      for (Sent poison : sent) {
        DeadLetter letter = letters.get(key(poison.topic(), poison.partition(), poison.offset()));
        assertTrue(
            letter != null, poison.what() + " is not in dead letters; found " + letters.keySet());
        assertFalse(letter.reason().isBlank(), poison.what());
        System.out.printf(
            "%-40s -> %s%n",
            poison.what(),
            letter.reason().length() > 150
                ? letter.reason().substring(0, 150) + "..."
                : letter.reason());
      }
      String metrics = api.text("/metrics");
      assertTrue(
          metrics.contains("runlog_stream_threads_replaced_total 0.0"),
          "a stream thread died:\n" + metrics);
      assertEquals(
          0,
          engine.counters().processingErrors(),
          "every poison here is bad input, refused by decoding");
      assertTrue(engine.counters().deadLetters() >= sent.size());
    }
  }

  /** Poison for the triggers topic, by what it is. */
  private static Map<String, byte[]> triggerPoison() {
    Map<String, byte[]> poison = new LinkedHashMap<>();
    byte[] random = new byte[64];
    new Random(42).nextBytes(random);
    random[0] = 0;
    poison.put("random bytes", random);
    poison.put(
        "Avro trigger claiming a 2 GB id",
        avro(
            TRIGGER,
            e -> {
              e.writeLong(2_000_000_000L);
              e.writeFixed("abc".getBytes(StandardCharsets.UTF_8));
            }));
    poison.put(
        "Avro trigger claiming a 0.7 GB name",
        avro(
            TRIGGER,
            e -> {
              e.writeString("evt");
              e.writeLong(700_000_000L);
            }));
    poison.put(
        "Avro trigger whose context claims 2 GB",
        avro(
            TRIGGER,
            e -> {
              e.writeString("evt");
              e.writeString("poison.greet");
              e.writeString("{}");
              e.writeIndex(1);
              e.writeLong(Integer.MAX_VALUE - 8);
            }));
    poison.put("truncated JSON", json("{\"name\":\"poison.greet\",\"id\":\"p-truncated\",\"payl"));
    poison.put("JSON without a name", json("{\"id\":\"p-nameless\",\"payload\":{\"item\":\"x\"}}"));
    poison.put(
        "JSON with wrong types",
        json("{\"name\":\"poison.greet\",\"id\":\"p-types\",\"deliverAt\":true,\"context\":[1]}"));
    poison.put(
        "JSON with trailing garbage",
        json(
            "{\"name\":\"poison.greet\",\"id\":\"p-trailing\",\"payload\":{\"item\":\"x\"}}garbage"));
    poison.put(
        "JSON whose deliverAfter overflows",
        json(
            "{\"name\":\"poison.greet\",\"id\":\"p-overflow\",\"deliverAfter\":\"PT9223372036854775807S\"}"));
    poison.put(
        "JSON delivered after the year 9999",
        json(
            "{\"name\":\"poison.greet\",\"id\":\"p-late\",\"deliverAt\":\"+10000-01-01T00:00:00Z\"}"));
    poison.put(
        "900 KB of JSON without a name", json("{\"payload\":\"" + "x".repeat(900 * 1024) + "\"}"));
    poison.put(
        "a valid trigger of almost 1 MiB", // its run's records would be over Kafka's limit
        json(
            "{\"name\":\"poison.greet\",\"id\":\"p-huge\",\"payload\":{\"item\":\""
                + "x".repeat(1_048_000)
                + "\"}}"));
    poison.put("empty value", new byte[0]);
    poison.put("null value", null);
    return poison;
  }

  /** Poison for the run-events topic, all keyed {@code run_poison}. */
  private static Map<String, byte[]> runEventPoison() {
    Map<String, byte[]> poison = new LinkedHashMap<>();
    poison.put("run event of garbage", "garbage".getBytes(StandardCharsets.UTF_8));
    poison.put(
        "run event of another run than its key",
        Codecs.RUN_EVENT.encode(
            new RunEvent(
                "run_someone_else",
                Instant.now(),
                Origin.API,
                null,
                new RunEventBody.CancelRequested("no", "api"))));
    int invalidPayload =
        RUN_EVENT
            .getField("body")
            .schema()
            .getIndexNamed("dev.runlog.protocol.avro.RunInvalidPayload");
    poison.put(
        "run event with 1.5 billion errors",
        avro(
            RUN_EVENT,
            e -> {
              e.writeString("run_poison");
              e.writeLong(0);
              e.writeEnum(0);
              e.writeIndex(0);
              e.writeIndex(invalidPayload);
              e.writeLong(1_500_000_000L);
            }));
    poison.put(
        "a valid run event of almost 1 MiB",
        Codecs.RUN_EVENT.encode(
            RunEvent.worker(
                "run_poison",
                Instant.now(),
                1,
                new RunEventBody.TaskCompleted(
                    "big", "\"" + "x".repeat(1_047_000) + "\"", Instant.now(), 1))));
    poison.put("null run event", null);
    return poison;
  }

  private Sent send(
      KafkaProducer<byte[], byte[]> producer, String topic, String key, String what, byte[] value)
      throws Exception {
    RecordMetadata meta =
        producer
            .send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
            .get();
    return new Sent(what, topic, meta.partition(), meta.offset());
  }

  /**
   * The dead letters, by the position of their original, once every one of {@code sent} is there
   * (or the deadline passed): the topic is read again until then, the engine writing meanwhile.
   */
  private Map<String, DeadLetter> deadLetters(List<Sent> sent) {
    Instant deadline = Instant.now().plus(Api.DEADLINE);
    while (true) {
      Map<String, DeadLetter> letters = new HashMap<>();
      for (var record :
          TopicContents.read(cluster.bootstrapServers(), TOPICS.deadLetters().name())) {
        DeadLetter letter = Codecs.DEAD_LETTER.decode(record.value());
        letters.put(
            key(letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset()), letter);
      }
      if (sent.stream()
              .allMatch(s -> letters.containsKey(key(s.topic(), s.partition(), s.offset())))
          || Instant.now().isAfter(deadline)) {
        return letters;
      }
      Api.pause();
    }
  }

  private static String key(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }

  private Properties producerProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    p.put("max.request.size", 1_048_576);
    return p;
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** An encoder's writes that may throw. */
  private interface Write {
    void to(BinaryEncoder e) throws IOException;
  }

  /**
   * The single-object header of {@code schema}, then what {@code body} writes: Avro built by hand,
   * lengths that lie included.
   */
  private static byte[] avro(Schema schema, Write body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ByteBuffer.allocate(10)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put((byte) 0xC3)
            .put((byte) 0x01)
            .putLong(SchemaNormalization.parsingFingerprint64(schema))
            .array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      body.to(encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
