package dev.runlog.engine;

import dev.runlog.protocol.topic.TopicLookout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
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
 * <p>A job's executions topic (its workers make it) is made again instead: with one deleted, the
 * engine's producer waited for it, and every run of every job on that stream thread with it.
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

  private final TopicLookout lookout;
  private final List<String> topics;
  private final Supplier<List<String>> remakeable;
  private final Consumer<String> gone;
  private final Consumer<Set<String>> remake;

  /** Missing at the last look; only the lookout's thread reads and writes it. */
  private Set<String> suspected = Set.of();

  /**
   * Starts looking for {@code topics} and {@code remakeable}'s every {@link #INTERVAL}. Calls
   * {@code gone} once, with the reason, when some of {@code topics} are gone, and then stops
   * looking; calls {@code remake} with those of {@code remakeable} that are gone, and goes on.
   */
  TopicWatch(
      Properties client,
      List<String> topics,
      Supplier<List<String>> remakeable,
      Consumer<String> gone,
      Consumer<Set<String>> remake) {
    this.lookout = new TopicLookout(client, "runlog-topic-watch");
    this.topics = List.copyOf(topics);
    this.remakeable = remakeable;
    this.gone = gone;
    this.remake = remake;
    lookout.after(INTERVAL, this::look);
  }

  private void look() {
    Verdict verdict;
    try {
      List<String> all = new ArrayList<>(topics);
      remakeable.get().stream().filter(t -> !topics.contains(t)).forEach(all::add);
      verdict = Verdict.of(topics, suspected, missing(lookout.ids(all)));
    } catch (RuntimeException e) { // a look that fails must not end the looking
      LOG.warn("cannot look for the runlog topics: {}", e.toString());
      lookout.after(INTERVAL, this::look);
      return;
    }
    if (!verdict.remake().isEmpty()) {
      remake.accept(verdict.remake());
    }
    if (!verdict.gone().isEmpty()) {
      gone.accept(
          "runlog topic"
              + (verdict.gone().size() == 1 ? " " : "s ")
              + String.join(", ", verdict.gone())
              + (verdict.gone().size() == 1 ? " no longer exists" : " no longer exist")
              + " (deleted?)");
      return;
    }
    suspected = verdict.suspected();
    lookout.after(suspected.isEmpty() ? INTERVAL : CONFIRM_AFTER, this::look);
  }

  /**
   * What a look found: the engine's own topics gone, the others to make again (each missing at two
   * looks in a row), and those missing for the first time, to look at again soon.
   */
  record Verdict(Set<String> gone, Set<String> remake, Set<String> suspected) {
    static Verdict of(List<String> own, Set<String> suspectedBefore, Set<String> missingNow) {
      Set<String> gone = new TreeSet<>(suspectedBefore);
      gone.retainAll(missingNow);
      Set<String> remake = new TreeSet<>(gone);
      remake.removeAll(own);
      gone.retainAll(own);
      Set<String> suspected = new TreeSet<>(missingNow);
      suspected.removeAll(gone);
      suspected.removeAll(remake);
      return new Verdict(gone, remake, suspected);
    }
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

  @Override
  public void close() {
    lookout.close();
  }
}
