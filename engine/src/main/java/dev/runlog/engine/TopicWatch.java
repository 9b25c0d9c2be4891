package dev.runlog.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the engine when one of its topics is gone (deleted by hand, or by a tool that tidies
 * topics), which Kafka Streams does not: with the jobs topic deleted, its global consumer fetched
 * in a loop, a core busy and some 20,000 warnings a second; with the triggers topic deleted, the
 * stream threads failed and were replaced every few seconds; and the engine answered ready all
 * along, processing nothing. Stopped instead, {@code runlog engine} exits, whatever supervises it
 * starts it again, and the start creates the missing topics.
 *
 * <p>A topic is gone when the cluster says, twice in a row a second apart, that it does not know
 * it. A cluster that does not answer (brokers down, a time-out) says nothing about any topic.
 */
final class TopicWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicWatch.class);

  /** How often the topics are looked for: the cost, one metadata request. */
  static final Duration INTERVAL = Duration.ofSeconds(10);

  /** How soon a topic found missing is looked for again before it counts as gone. */
  static final Duration CONFIRM_AFTER = Duration.ofSeconds(1);

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final List<String> topics;
  private final Consumer<String> gone;
  private final ScheduledExecutorService timer;

  /** Missing at the last look; only the timer's thread reads and writes it. */
  private Set<String> suspected = Set.of();

  /**
   * Starts looking for {@code topics} every {@link #INTERVAL}; calls {@code gone} once, with the
   * reason, when some are gone, and then stops looking.
   */
  TopicWatch(Properties client, List<String> topics, Consumer<String> gone) {
    this.admin = Admin.create(client);
    this.topics = List.copyOf(topics);
    this.gone = gone;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "runlog-topic-watch");
              t.setDaemon(true);
              return t;
            });
    timer.schedule(this::look, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void look() {
    Set<String> missing;
    try {
      missing = missing();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
      return;
    }
    Set<String> confirmed = confirmed(suspected, missing);
    if (!confirmed.isEmpty()) {
      gone.accept(
          "runlog topic"
              + (confirmed.size() == 1 ? " " : "s ")
              + String.join(", ", confirmed)
              + (confirmed.size() == 1 ? " no longer exists" : " no longer exist")
              + " (deleted?)");
      return;
    }
    suspected = missing;
    Duration next = missing.isEmpty() ? INTERVAL : CONFIRM_AFTER;
    timer.schedule(this::look, next.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The topics missing at two looks in a row. */
  static Set<String> confirmed(Set<String> before, Set<String> now) {
    Set<String> both = new TreeSet<>(before);
    both.retainAll(now);
    return both;
  }

  /** The topics the cluster says it does not know; none when it did not answer. */
  private Set<String> missing() throws InterruptedException {
    Map<String, KafkaFuture<TopicDescription>> answers =
        admin.describeTopics(topics).topicNameValues();
    Set<String> missing = new TreeSet<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> answer : answers.entrySet()) {
      try {
        answer.getValue().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          missing.add(answer.getKey());
        } else {
          LOG.debug("cannot look for topic {}: {}", answer.getKey(), e.getCause().toString());
          return Set.of();
        }
      } catch (TimeoutException e) {
        return Set.of();
      }
    }
    return missing;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
