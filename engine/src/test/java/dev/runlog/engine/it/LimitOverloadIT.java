package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A burst far larger than a job's concurrency limit, on a real broker: 9,000 runs queue behind 50
 * held slots, and all of them run once the slots free. Before the queue was a record per queued
 * run, the limit's one record grew with every run queued and passed Kafka's record limit at about
 * 8,000: the admission processor's partition failed on every retry and nothing behind it started.
 */
class LimitOverloadIT extends OnRealBroker {
  private static final String PREFIX = "burst";
  private static final int RUNS = 9_000;
  private static final int LIMIT = 50;
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @Test
  void thousandsQueuedBehindALimitAllRunOnceItsSlotsFree() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Job<Order> job =
        Job.define(
                "burst",
                "burst.run",
                Order.class,
                (order, io, ctx) ->
                    io.runTask(
                        "hold",
                        String.class,
                        () -> {
                          release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                          return order.item();
                        }))
            .concurrencyLimit(LIMIT);
    try (RunlogEngine engine = cluster.engine(PREFIX);
        Worker worker = Worker.start(cluster.worker(PREFIX, "w"), List.of(job))) {
      Api api = new Api(engine.url());
      api.awaitJob("burst");
      Properties p = new Properties();
      p.put("bootstrap.servers", cluster.bootstrapServers());
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int i = 0; i < RUNS; i++) {
          String id = "burst-" + i;
          String trigger =
              "{\"name\":\"burst.run\",\"id\":\"" + id + "\",\"payload\":{\"item\":\"" + i + "\"}}";
          producer.send(
              new ProducerRecord<>(
                  PREFIX + ".triggers",
                  id.getBytes(StandardCharsets.UTF_8),
                  trigger.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
      }

      JsonNode limit = poll(api, "/api/limits", a -> queued(a.body()) == RUNS - LIMIT);
      assertEquals(LIMIT, limitOf(limit).path("running").asInt(), limit.toString());
      int largest =
          cluster.values(PREFIX + "-engine-admission-changelog").stream()
              .mapToInt(v -> v.length)
              .max()
              .orElseThrow();
      assertTrue(
          largest < 10_000, "the limit's record grows with its queue: " + largest + " bytes");

      release.countDown();
      poll(
          api,
          "/api/jobs",
          a -> {
            for (JsonNode j : a.body().path("jobs")) {
              if ("burst".equals(j.path("id").asText())) {
                return j.path("counts").path("SUCCESS").asInt() == RUNS;
              }
            }
            return false;
          });
      JsonNode after = api.get("/api/limits").body();
      assertEquals(0, queued(after), after.toString());
    } finally {
      release.countDown();
    }
  }

  /** Polls {@code path} until {@code done}, for longer than {@link Api#DEADLINE}: 9,000 runs. */
  private static JsonNode poll(Api api, String path, Predicate<Api.Answer> done) {
    Instant deadline = Instant.now().plus(DEADLINE);
    Api.Answer last = null;
    while (Instant.now().isBefore(deadline)) {
      last = api.get(path);
      if (last.status() == 200 && done.test(last)) {
        return last.body();
      }
      Api.pause();
    }
    throw new AssertionError("GET " + path + " never matched; last answer: " + last);
  }

  private static int queued(JsonNode limits) {
    JsonNode limit = limitOf(limits);
    return limit == null ? 0 : limit.path("queued").asInt();
  }

  private static JsonNode limitOf(JsonNode limits) {
    for (JsonNode limit : limits.path("limits")) {
      if ("job:burst".equals(limit.path("key").asText())) {
        return limit;
      }
    }
    return null;
  }
}
