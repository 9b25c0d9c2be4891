package dev.runlog.engine.admission;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the run processor tells the owner of a concurrency limit, on the admission topic keyed by
 * the limit's key, so that one processor owns each limit however many engine instances run.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AdmissionMessage.Acquire.class, name = "acquire"),
  @JsonSubTypes.Type(value = AdmissionMessage.Release.class, name = "release")
})
public sealed interface AdmissionMessage {

  String limitKey();

  String runId();

  /**
   * Run {@code runId} wants a slot to start execution {@code execution}; FIFO when the limit is
   * full.
   *
   * @param subKey a per-key limit within this one (a tenant's share of a job's limit), kept by the
   *     same owner so that both slots are taken at once; null for none
   * @param subLimit the slots of {@code subKey}
   */
  record Acquire(
      String limitKey,
      int limit,
      String runId,
      long execution,
      String reason,
      String subKey,
      int subLimit)
      implements AdmissionMessage {
    public Acquire(String limitKey, int limit, String runId, long execution, String reason) {
      this(limitKey, limit, runId, execution, reason, null, 0);
    }
  }

  /** Run {@code runId} gives its slot back (or leaves the queue), and its {@code subKey} slot. */
  record Release(String limitKey, String runId, String subKey) implements AdmissionMessage {
    public Release(String limitKey, String runId) {
      this(limitKey, runId, null);
    }
  }
}
