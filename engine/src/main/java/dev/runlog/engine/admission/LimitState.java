package dev.runlog.engine.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * One concurrency limit: the runs holding its slots and the runs waiting for one, first in first
 * out. Queues are expected to stay short (a limit exists to keep work bounded); a very long queue
 * would call for one record per queued run.
 */
public record LimitState(int limit, List<String> running, List<AdmissionMessage.Acquire> queue) {
  public static LimitState empty(int limit) {
    return new LimitState(limit, List.of(), List.of());
  }

  /** The outcome of a message: the new state and the runs it admits or queues. */
  public record Outcome(
      LimitState state,
      List<AdmissionMessage.Acquire> admitted,
      List<AdmissionMessage.Acquire> queued) {}

  /** Pure: what an acquire or a release does to this limit. */
  public Outcome apply(AdmissionMessage message) {
    List<String> nowRunning = new ArrayList<>(running);
    List<AdmissionMessage.Acquire> nowQueued = new ArrayList<>(queue);
    List<AdmissionMessage.Acquire> admitted = new ArrayList<>();
    List<AdmissionMessage.Acquire> queued = new ArrayList<>();
    int newLimit = limit;
    if (message instanceof AdmissionMessage.Acquire a) {
      newLimit = a.limit();
      nowQueued.removeIf(q -> q.runId().equals(a.runId()));
      if (nowRunning.contains(a.runId()) || nowRunning.size() < newLimit) {
        if (!nowRunning.contains(a.runId())) {
          nowRunning.add(a.runId());
        }
        admitted.add(a);
      } else {
        nowQueued.add(a);
        queued.add(a);
      }
    } else {
      nowRunning.remove(message.runId());
      nowQueued.removeIf(q -> q.runId().equals(message.runId()));
    }
    while (nowRunning.size() < newLimit && !nowQueued.isEmpty()) {
      AdmissionMessage.Acquire next = nowQueued.remove(0);
      nowRunning.add(next.runId());
      admitted.add(next);
    }
    return new Outcome(
        new LimitState(newLimit, List.copyOf(nowRunning), List.copyOf(nowQueued)),
        admitted,
        queued);
  }
}
