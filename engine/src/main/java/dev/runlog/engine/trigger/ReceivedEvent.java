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
 */
public record ReceivedEvent(String id, String name, Instant receivedAt, Instant timestamp, Instant deliverAt, List<String> matchedJobs,
    List<String> runIds, int deliveries) {

  public ReceivedEvent {
    matchedJobs = matchedJobs == null ? List.of() : List.copyOf(matchedJobs);
    runIds = runIds == null ? List.of() : List.copyOf(runIds);
  }

  /** The same event read once more, matching {@code jobs} now (a job may have been registered since). */
  public ReceivedEvent again(List<String> jobs, List<String> runs) {
    return new ReceivedEvent(id, name, receivedAt, timestamp, deliverAt, union(matchedJobs, jobs), union(runIds, runs), deliveries + 1);
  }

  /** Two records of one event id (read on two partitions, when it was sent under two keys) as one. */
  public ReceivedEvent merge(ReceivedEvent other) {
    ReceivedEvent first = receivedAt.isAfter(other.receivedAt) ? other : this;
    return new ReceivedEvent(id, name, first.receivedAt, first.timestamp, first.deliverAt, union(matchedJobs, other.matchedJobs),
        union(runIds, other.runIds), deliveries + other.deliveries);
  }

  private static List<String> union(List<String> a, List<String> b) {
    LinkedHashSet<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }
}
