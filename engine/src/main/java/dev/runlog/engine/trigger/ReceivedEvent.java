package dev.runlog.engine.trigger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the engine did with a trigger event: every event it reads is recorded, so that one that
 * started no run (no job listens to it, or not yet) can be seen and is not silently lost.
 *
 * @param receivedAt when the engine first read it
 * @param timestamp the event's own timestamp
 * @param matchedJobs the jobs it started a run of; empty when none listened
 * @param runIds the runs it started, one per matched job (derived from the event id and the job id)
 * @param deliveries how often the event was read: more than once means it was sent again (same id)
 * @param lastReceivedAt when the engine last read it
 */
public record ReceivedEvent(
    String id,
    String name,
    Instant receivedAt,
    Instant timestamp,
    Instant deliverAt,
    List<String> matchedJobs,
    List<String> runIds,
    int deliveries,
    Instant lastReceivedAt) {

  public ReceivedEvent {
    matchedJobs = matchedJobs == null ? List.of() : List.copyOf(matchedJobs);
    runIds = runIds == null ? List.of() : List.copyOf(runIds);
    lastReceivedAt =
        lastReceivedAt == null ? receivedAt : lastReceivedAt; // a record kept before it was
  }

  /**
   * The same event read once more at {@code now}, matching {@code jobs} now (a job may have been
   * registered since).
   */
  public ReceivedEvent again(List<String> jobs, List<String> runs, Instant now) {
    return new ReceivedEvent(
        id,
        name,
        receivedAt,
        timestamp,
        deliverAt,
        union(matchedJobs, jobs),
        union(runIds, runs),
        deliveries + 1,
        now);
  }

  /**
   * The record without run {@code runId}, which expired at {@code expiredAt}; as it is when the
   * event was read again since, which made that run anew.
   */
  public ReceivedEvent withoutRun(String runId, Instant expiredAt) {
    if (lastReceivedAt != null && lastReceivedAt.isAfter(expiredAt)) {
      return this;
    }
    List<String> left = new ArrayList<>(runIds);
    left.remove(runId);
    return new ReceivedEvent(
        id, name, receivedAt, timestamp, deliverAt, matchedJobs, left, deliveries, lastReceivedAt);
  }

  /**
   * Two records of one event id (read on two partitions, when it was sent under two keys) as one.
   */
  public ReceivedEvent merge(ReceivedEvent other) {
    ReceivedEvent first = receivedAt.isAfter(other.receivedAt) ? other : this;
    return new ReceivedEvent(
        id,
        name,
        first.receivedAt,
        first.timestamp,
        first.deliverAt,
        union(matchedJobs, other.matchedJobs),
        union(runIds, other.runIds),
        deliveries + other.deliveries,
        lastReceivedAt.isAfter(other.lastReceivedAt) ? lastReceivedAt : other.lastReceivedAt);
  }

  private static List<String> union(List<String> a, List<String> b) {
    LinkedHashSet<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }
}
