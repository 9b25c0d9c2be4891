package dev.runlog.engine.run;

import dev.runlog.protocol.run.ErrorInfo;
import java.time.Instant;
import java.util.List;

/**
 * A run's header: everything but its input, tasks, waits and history, so that its size does not
 * grow with the run and one more event rewrites only this small record (tasks are {@link
 * TaskState}s of their own, the input a {@link RunInput}).
 *
 * @param execution sequence number of the current execution, 0 before the first dispatch
 * @param taskCount tasks seen so far; the next new task gets this index
 * @param lastActivityAt when the current execution was dispatched or last heard from (leases count
 *     from it)
 * @param dispatchesWithoutProgress re-dispatches (yield, lease expiry) since the last task made
 *     progress
 * @param cancelRequested cancel asked while an execution runs: it stops at its next task boundary
 * @param slot the concurrency limit the run holds or waits for, null when it has none
 * @param deliverAt a delayed event's run starts no earlier than this
 * @param waitingOn what a WAITING run waits for: wait:<key> or retry:<key>; an EXECUTING run's
 *     execution that no worker has taken yet: {@value #WAITING_ON_WORKER}, or {@value
 *     #WAITING_ON_API_DISPATCH} when the API dispatched it
 * @param logOffset the run-events offset of its latest event read (where a worker's catch-up may
 *     start)
 * @param eventCount events of the run kept in its history so far (the shell numbers them)
 * @param replayOf the run this one replays, null for a run started by an event
 * @param replays runs started as replays of this one
 * @param continuations times the run was continued after it ended; a task's attempts from before
 *     the latest count for nothing
 * @param continuedAt when it was last continued, null if never (its time-out counts from then)
 * @param concurrencyKey the value of its job's per-key limit field in its payload, null when the
 *     job has no per-key limit
 * @param parent the run that started this one with {@code io.invoke}, null for none
 * @param awaitedChild the child run a WAITING run waits for ({@code io.invokeAndWait}), else null
 * @param connections the managed connections it needs ({@code integration[/accountId]}), fixed when
 *     it is created from its job's integrations and its event's account; it is
 *     WAITING_ON_CONNECTIONS while one of them is missing
 */
public record RunState(
    String runId,
    String jobId,
    String jobVersion,
    String eventId,
    String eventName,
    RunStatus status,
    long execution,
    int taskCount,
    Instant createdAt,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    String output,
    ErrorInfo error,
    Instant lastActivityAt,
    int dispatchesWithoutProgress,
    boolean cancelRequested,
    String slot,
    Instant deliverAt,
    String waitingOn,
    long logOffset,
    long eventCount,
    String replayOf,
    List<String> replays,
    int continuations,
    Instant continuedAt,
    String concurrencyKey,
    ParentLink parent,
    String awaitedChild,
    List<String> connections) {

  /** {@link #waitingOn} of a dispatched execution that no worker has been heard from yet. */
  public static final String WAITING_ON_WORKER = "worker";

  /**
   * {@link #waitingOn} of an execution that the API dispatched and no worker has been heard from
   * yet. The API writes the run's start and its execution record one after the other, without a
   * transaction: if it died between the two, no worker ever gets the execution, so its first lease
   * sends it again ({@link RunMachine#onTimer}).
   */
  public static final String WAITING_ON_API_DISPATCH = "worker:api";

  public RunState {
    replays = replays == null ? List.of() : List.copyOf(replays);
    connections = connections == null ? List.of() : List.copyOf(connections);
  }

  /**
   * True while the current execution is dispatched but no worker has taken it: it may sit in a
   * lagging executions partition, and that time does not count against its lease.
   */
  public boolean awaitingWorker() {
    return status == RunStatus.EXECUTING
        && (WAITING_ON_WORKER.equals(waitingOn) || WAITING_ON_API_DISPATCH.equals(waitingOn));
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a few fields of a state (evolve's helper). */
  public static final class Builder {
    private String runId;
    private String jobId;
    private String jobVersion;
    private String eventId;
    private String eventName;
    private RunStatus status;
    private long execution;
    private int taskCount;
    private Instant createdAt;
    private Instant startedAt;
    private Instant updatedAt;
    private Instant finishedAt;
    private String output;
    private ErrorInfo error;
    private Instant lastActivityAt;
    private int dispatchesWithoutProgress;
    private boolean cancelRequested;
    private String slot;
    private Instant deliverAt;
    private String waitingOn;
    private long logOffset;
    private long eventCount;
    private String replayOf;
    private List<String> replays;
    private int continuations;
    private Instant continuedAt;
    private String concurrencyKey;
    private ParentLink parent;
    private String awaitedChild;
    private List<String> connections;

    private Builder(RunState s) {
      this.runId = s.runId;
      this.jobId = s.jobId;
      this.jobVersion = s.jobVersion;
      this.eventId = s.eventId;
      this.eventName = s.eventName;
      this.status = s.status;
      this.execution = s.execution;
      this.taskCount = s.taskCount;
      this.createdAt = s.createdAt;
      this.startedAt = s.startedAt;
      this.updatedAt = s.updatedAt;
      this.finishedAt = s.finishedAt;
      this.output = s.output;
      this.error = s.error;
      this.lastActivityAt = s.lastActivityAt;
      this.dispatchesWithoutProgress = s.dispatchesWithoutProgress;
      this.cancelRequested = s.cancelRequested;
      this.slot = s.slot;
      this.deliverAt = s.deliverAt;
      this.waitingOn = s.waitingOn;
      this.logOffset = s.logOffset;
      this.eventCount = s.eventCount;
      this.replayOf = s.replayOf;
      this.replays = s.replays;
      this.continuations = s.continuations;
      this.continuedAt = s.continuedAt;
      this.concurrencyKey = s.concurrencyKey;
      this.parent = s.parent;
      this.awaitedChild = s.awaitedChild;
      this.connections = s.connections;
    }

    public Builder runId(String value) {
      this.runId = value;
      return this;
    }

    public Builder jobId(String value) {
      this.jobId = value;
      return this;
    }

    public Builder jobVersion(String value) {
      this.jobVersion = value;
      return this;
    }

    public Builder eventId(String value) {
      this.eventId = value;
      return this;
    }

    public Builder eventName(String value) {
      this.eventName = value;
      return this;
    }

    public Builder status(RunStatus value) {
      this.status = value;
      return this;
    }

    public Builder execution(long value) {
      this.execution = value;
      return this;
    }

    public Builder taskCount(int value) {
      this.taskCount = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    public Builder startedAt(Instant value) {
      this.startedAt = value;
      return this;
    }

    public Builder updatedAt(Instant value) {
      this.updatedAt = value;
      return this;
    }

    public Builder finishedAt(Instant value) {
      this.finishedAt = value;
      return this;
    }

    public Builder output(String value) {
      this.output = value;
      return this;
    }

    public Builder error(ErrorInfo value) {
      this.error = value;
      return this;
    }

    public Builder lastActivityAt(Instant value) {
      this.lastActivityAt = value;
      return this;
    }

    public Builder dispatchesWithoutProgress(int value) {
      this.dispatchesWithoutProgress = value;
      return this;
    }

    public Builder cancelRequested(boolean value) {
      this.cancelRequested = value;
      return this;
    }

    public Builder slot(String value) {
      this.slot = value;
      return this;
    }

    public Builder deliverAt(Instant value) {
      this.deliverAt = value;
      return this;
    }

    public Builder waitingOn(String value) {
      this.waitingOn = value;
      return this;
    }

    public Builder logOffset(long value) {
      this.logOffset = value;
      return this;
    }

    public Builder eventCount(long value) {
      this.eventCount = value;
      return this;
    }

    public Builder replayOf(String value) {
      this.replayOf = value;
      return this;
    }

    public Builder replays(List<String> value) {
      this.replays = value;
      return this;
    }

    public Builder continuations(int value) {
      this.continuations = value;
      return this;
    }

    public Builder continuedAt(Instant value) {
      this.continuedAt = value;
      return this;
    }

    public Builder concurrencyKey(String value) {
      this.concurrencyKey = value;
      return this;
    }

    public Builder awaitedChild(String value) {
      this.awaitedChild = value;
      return this;
    }

    public Builder connections(List<String> value) {
      this.connections = value;
      return this;
    }

    public RunState build() {
      return new RunState(
          runId,
          jobId,
          jobVersion,
          eventId,
          eventName,
          status,
          execution,
          taskCount,
          createdAt,
          startedAt,
          updatedAt,
          finishedAt,
          output,
          error,
          lastActivityAt,
          dispatchesWithoutProgress,
          cancelRequested,
          slot,
          deliverAt,
          waitingOn,
          logOffset,
          eventCount,
          replayOf,
          replays,
          continuations,
          continuedAt,
          concurrencyKey,
          parent,
          awaitedChild,
          connections);
    }
  }
}
