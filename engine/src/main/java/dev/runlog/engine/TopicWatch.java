package dev.runlog.engine;

import dev.runlog.protocol.topic.TopicLookout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.common.Uuid;

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
  /** How often the topics are looked for: the cost, one metadata request. */
  static final Duration INTERVAL = Duration.ofSeconds(10);

  /** How soon a topic found missing is looked for again before it counts as gone. */
  static final Duration CONFIRM_AFTER = Duration.ofSeconds(1);

  private final TopicLookout lookout;
  private final List<String> topics;
  private final Consumer<String> gone;

  /** Missing at the last look; only the lookout's thread reads and writes it. */
  private Set<String> suspected = Set.of();

  /**
   * Starts looking for {@code topics} every {@link #INTERVAL}; calls {@code gone} once, with the
   * reason, when some are gone, and then stops looking.
   */
  TopicWatch(Properties client, List<String> topics, Consumer<String> gone) {
    this.lookout = new TopicLookout(client, "runlog-topic-watch");
    this.topics = List.copyOf(topics);
    this.gone = gone;
    lookout.after(INTERVAL, this::look);
  }

  private void look() {
    Set<String> missing = missing(lookout.ids(topics));
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
    lookout.after(missing.isEmpty() ? INTERVAL : CONFIRM_AFTER, this::look);
  }

  /** The topics the cluster said it does not know; none when it did not answer. */
  static Set<String> missing(Optional<Map<String, Optional<Uuid>>> ids) {
    Set<String> missing = new TreeSet<>();
    ids.ifPresent(
        answer ->
            answer.forEach(
                (topic, id) -> {
                  if (id.isEmpty()) {
                    missing.add(topic);
                  }
                }));
    return missing;
  }

  /** The topics missing at two looks in a row. */
  static Set<String> confirmed(Set<String> before, Set<String> now) {
    Set<String> both = new TreeSet<>(before);
    both.retainAll(now);
    return both;
  }

  @Override
  public void close() {
    lookout.close();
  }
}
