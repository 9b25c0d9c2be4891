package dev.runlog.protocol.topic;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Looks at topics now and then, with one Kafka admin client and a daemon thread of its own: what
 * the engine's watch for its deleted topics and a worker's registration of its jobs share. The
 * looks run one at a time on that thread.
 *
 * <pre>{@code
 * TopicLookout lookout = new TopicLookout(client, "my-watch");
 * lookout.after(Duration.ofSeconds(10), () -> lookout.ids(List.of("runlog.jobs")));
 * }</pre>
 */
public final class TopicLookout implements AutoCloseable {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final ScheduledExecutorService thread;

  public TopicLookout(Properties client, String threadName) {
    this.admin = Admin.create(client);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs {@code look} on the lookout's thread after {@code delay}. */
  public void after(Duration delay, Runnable look) {
    try {
      thread.schedule(look, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed: no more looks
    }
  }

  /**
   * Each topic's id, or an empty id for a topic the cluster says it does not know; no answer at all
   * when the cluster did not say (brokers down, a time-out, a refusal), which says nothing about
   * any topic. Blocks up to 30 s.
   */
  public Optional<Map<String, Optional<Uuid>>> ids(List<String> topics) {
    Map<String, KafkaFuture<TopicDescription>> answers;
    try {
      answers = admin.describeTopics(topics).topicNameValues();
    } catch (KafkaException e) { // the client is closing, or refused the call itself
      return Optional.empty();
    }
    Map<String, Optional<Uuid>> ids = new HashMap<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> answer : answers.entrySet()) {
      try {
        ids.put(
            answer.getKey(),
            Optional.of(
                answer.getValue().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).topicId()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          return Optional.empty();
        }
        ids.put(answer.getKey(), Optional.empty());
      } catch (TimeoutException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // closing
        return Optional.empty();
      }
    }
    return Optional.of(ids);
  }

  /** Stops looking (a look under way is interrupted) and closes the admin client. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
