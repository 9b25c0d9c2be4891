package dev.runlog.engine.it;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.testkit.TopicContents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a broker failover cost the runs, read from the run-event log afterwards and printed (tests
 * measure stalls, they do not assert them): the longest time no run finished, runs finished per
 * second around the stop and the restart, and where a run's time went before the stop.
 */
final class FailoverReport {
  private FailoverReport() {}

  /**
   * Prints how long runs stalled around the stop and the restart (the gap in run completions, runs
   * finished per second, the slowest run) and where a run's time goes before the stop.
   */
  static void print(
      List<RunEvent> log, Map<String, Instant> sentAt, Instant stoppedAt, Instant restartedAt) {
    Map<String, Instant> created = new HashMap<>();
    Map<String, Instant> started = new HashMap<>();
    Map<String, Instant> succeeded = new HashMap<>();
    Map<String, Integer> rawCompletions = new HashMap<>();
    for (RunEvent e : log) {
      if (e.body() instanceof RunEventBody.RunCreated) {
        created.putIfAbsent(e.runId(), e.timestamp());
      } else if (e.body() instanceof RunEventBody.RunStarted) {
        started.putIfAbsent(e.runId(), e.timestamp());
      } else if (e.body() instanceof RunEventBody.RunSucceeded) {
        succeeded.putIfAbsent(e.runId(), e.timestamp());
      } else if (e.body() instanceof RunEventBody.TaskCompleted c) {
        rawCompletions.merge(e.runId() + "/" + c.key(), 1, Integer::sum);
      }
    }
    long rawDuplicates = rawCompletions.values().stream().filter(n -> n > 1).count();
    System.out.printf(
        "[three-broker] TaskCompleted written more than once (raw log, before the engine's dedup): %d%n",
        rawDuplicates);
    List<Instant> ends = new ArrayList<>(succeeded.values());
    Collections.sort(ends);
    System.out.printf(
        "[three-broker] between the stop and the restart, the longest time no run finished: %s%n",
        longestGap(ends, stoppedAt, restartedAt));
    System.out.printf(
        "[three-broker] after the restart, the longest time no run finished:                %s%n",
        longestGap(ends, restartedAt, ends.get(ends.size() - 1)));
    StringBuilder perSecond = new StringBuilder();
    for (long second = -3;
        second < Duration.between(stoppedAt, ends.get(ends.size() - 1)).toSeconds() + 1
            && second < 60;
        second++) {
      Instant from = stoppedAt.plusSeconds(second);
      Instant to = from.plusSeconds(1);
      perSecond
          .append(ends.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count())
          .append(
              from.equals(stoppedAt)
                      || (restartedAt.compareTo(from) >= 0 && restartedAt.isBefore(to))
                  ? "| "
                  : " ");
    }
    System.out.printf(
        "[three-broker] runs finished per second from 3 s before the stop ('|' after the second of the stop, of the restart): %s%n",
        perSecond.toString().trim());

    List<Long> toCreated = new ArrayList<>();
    List<Long> toStarted = new ArrayList<>();
    List<Long> toSucceeded = new ArrayList<>();
    List<Long> before = new ArrayList<>();
    long worstAcrossStop = 0;
    String worstRun = null;
    for (Map.Entry<String, Instant> sent : sentAt.entrySet()) {
      String run = sent.getKey();
      Instant end = succeeded.get(run);
      if (end == null) {
        continue;
      }
      long ms = Duration.between(sent.getValue(), end).toMillis();
      if (end.isBefore(stoppedAt)) {
        before.add(ms);
        toCreated.add(Duration.between(sent.getValue(), created.get(run)).toMillis());
        toStarted.add(Duration.between(created.get(run), started.get(run)).toMillis());
        toSucceeded.add(Duration.between(started.get(run), end).toMillis());
      } else if (sent.getValue().isBefore(restartedAt) && ms > worstAcrossStop) {
        worstAcrossStop = ms;
        worstRun = run;
      }
    }
    System.out.printf(
        "[three-broker] before the stop, %d runs: trigger sent -> SUCCESS p50 %d ms, max %d ms "
            + "(p50 sent -> created %d ms, created -> started %d ms, started -> succeeded %d ms)%n",
        before.size(),
        percentile(before, 50),
        percentile(before, 100),
        percentile(toCreated, 50),
        percentile(toStarted, 50),
        percentile(toSucceeded, 50));
    System.out.printf(
        "[three-broker] slowest run sent between the stop and the restart, or under way at the stop: %d ms (%s)%n",
        worstAcrossStop, worstRun);
  }

  private static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  /**
   * The longest span without a run finishing from {@code from} to {@code to}, and where it began
   * relative to {@code from}.
   */
  private static String longestGap(List<Instant> ends, Instant from, Instant to) {
    Instant previous = ends.stream().filter(t -> !t.isAfter(from)).reduce((a, b) -> b).orElse(from);
    long longest = -1;
    Instant start = null;
    for (Instant end : ends) {
      if (end.isAfter(from) && !end.isAfter(to)) {
        long gap = Duration.between(previous, end).toMillis();
        if (gap > longest) {
          longest = gap;
          start = previous;
        }
        previous = end;
      }
    }
    return start == null
        ? "(no run finished)"
        : String.format(
            "%d ms, beginning %+d ms from it", longest, Duration.between(from, start).toMillis());
  }

  /** Every record of the run-events topic, committed ones only, in partition order. */
  static List<RunEvent> runEvents(String bootstrapServers, String prefix) {
    return committed(bootstrapServers, new Topics(prefix).runEvents().name()).stream()
        .filter(record -> record.key() != null)
        .map(record -> Codecs.RUN_EVENT.decode(record.value()))
        .toList();
  }

  /** A committed record of a topic: its key as text (null for none), its value. */
  record Committed(String key, byte[] value) {}

  /** Every committed record of {@code topic}, read to its end, in partition order. */
  static List<Committed> committed(String bootstrapServers, String topic) {
    return TopicContents.read(bootstrapServers, topic).stream()
        .map(
            r ->
                new Committed(
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                    r.value()))
        .toList();
  }
}
