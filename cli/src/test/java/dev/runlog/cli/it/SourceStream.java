package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.it.Api;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.testkit.TopicContents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A user topic read by a Kafka source ({@code user}, starting at the earliest record, event name
 * {@code pause.run}) and a writer that appends {@code records} records to it, a few milliseconds
 * apart, on its own thread: what an engine killed meanwhile must turn into one trigger each.
 */
final class SourceStream {
  private final CompletableFuture<List<String>> written;

  private SourceStream(CompletableFuture<List<String>> written) {
    this.written = written;
  }

  static SourceStream start(String bootstrap, Api api, String topic, int records) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Api.Answer put =
        api.put(
            "/api/sources/user",
            "{\"kind\": \"kafka\", \"spec\": {\"topics\": [\""
                + topic
                + "\"], \"name\":"
                + " \"pause.run\", \"startFrom\": \"earliest\"}}");
    assertTrue(put.status() == 201, put.toString());
    CompletableFuture<List<String>> written =
        CompletableFuture.supplyAsync(
            () -> {
              List<String> ids = new ArrayList<>();
              try (KafkaProducer<String, String> producer =
                  new KafkaProducer<>(
                      Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
                      new StringSerializer(),
                      new StringSerializer())) {
                for (int i = 0; i < records; i++) {
                  var meta =
                      producer
                          .send(new ProducerRecord<>(topic, i % 2, "k" + i, "{\"n\": 0}"))
                          .get(30, TimeUnit.SECONDS);
                  ids.add(topic + "-" + meta.partition() + "-" + meta.offset());
                  // paced, not synchronised: the engine dies while records keep coming
                  LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
              } catch (Exception e) {
                throw new IllegalStateException("cannot write to " + topic, e);
              }
              return ids;
            });
    return new SourceStream(written);
  }

  /** The event ids of every record written, once the writer is done. */
  List<String> awaitWritten() throws Exception {
    return written.get(2, TimeUnit.MINUTES);
  }

  /** The ids of the triggers the source committed for {@code topic}'s records, sorted. */
  static List<String> committedTriggerIds(String bootstrap, String prefix, String topic) {
    return TopicContents.read(bootstrap, new Topics(prefix).triggers().name()).stream()
        .map(r -> Codecs.TRIGGER_EVENT.decode(r.value()).id())
        .filter(id -> id.startsWith(topic + "-"))
        .sorted()
        .toList();
  }
}
