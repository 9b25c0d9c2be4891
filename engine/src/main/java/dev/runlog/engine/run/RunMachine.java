package dev.runlog.engine.run;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunEventBody.CancelRequested;
import dev.runlog.protocol.run.RunEventBody.ChildRunCreated;
import dev.runlog.protocol.run.RunEventBody.ChildWaitRequested;
import dev.runlog.protocol.run.RunEventBody.ConnectionsResolved;
import dev.runlog.protocol.run.RunEventBody.EventWaitRequested;
import dev.runlog.protocol.run.RunEventBody.ExecutionLeaseExpired;
import dev.runlog.protocol.run.RunEventBody.ExecutionYielded;
import dev.runlog.protocol.run.RunEventBody.RunAuthUnresolved;
import dev.runlog.protocol.run.RunEventBody.RunCanceled;
import dev.runlog.protocol.run.RunEventBody.RunContinued;
import dev.runlog.protocol.run.RunEventBody.RunCreated;
import dev.runlog.protocol.run.RunEventBody.RunFailed;
import dev.runlog.protocol.run.RunEventBody.RunInvalidPayload;
import dev.runlog.protocol.run.RunEventBody.RunStarted;
import dev.runlog.protocol.run.RunEventBody.RunTimedOut;
import dev.runlog.protocol.run.RunEventBody.TaskCompleted;
import dev.runlog.protocol.run.RunEventBody.TaskFailed;
import dev.runlog.protocol.run.RunEventBody.WaitElapsed;
import dev.runlog.protocol.run.RunEventBody.WaitRequested;
import dev.runlog.protocol.run.RunEventBody.WaitResolved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The run state machine: pure functions, no Kafka, no clock, no I/O. The run processor loads the
 * {@link Touched} state, asks {@link #decide} (an event read from the log) or {@link #onTimer} (a
 * timer that fired), folds with {@link #evolve} and writes what was decided.
 */
public final class RunMachine {
  static final String CREATED = "created";
  static final String DELIVERED = "delivered";
  static final String RESUMED = "resumed";
  static final String RETRY = "retry";
  static final String YIELDED = "yielded";
  static final String LEASE_EXPIRED = "lease-expired";
  static final String CONNECTED = "connected";
  static final String CONTINUED = "continued";

  /**
   * An execution that the API dispatched, sent again by the engine: no worker was heard from for a
   * lease, and its execution record may never have been written ({@link
   * RunState#WAITING_ON_API_DISPATCH}).
   */
  public static final String RESENT = "resent";

  /**
   * How long the API's producer may keep trying to write an execution record: after that it has
   * landed or never will (its {@code delivery.timeout.ms}).
   */
  public static final Duration API_SEND_TIMEOUT = Duration.ofSeconds(30);

  /** Room for the clocks of the API's and the engine's hosts to disagree. */
  private static final Duration CLOCK_MARGIN = Duration.ofSeconds(10);

  /** {@link RunState#waitingOn()} of a run in a wait: this prefix, then the wait's key. */
  static final String WAITING_ON_WAIT = "wait:";

  private RunMachine() {}

  /**
   * What to do with {@code event}, read from the log, given the state it touches and the job's
   * policy.
   *
   * @param connected whether the managed connection with a key ({@code integration[/accountId]})
   *     exists now: a run that needs one that does not waits, WAITING_ON_CONNECTIONS
   */
  public static Decision decide(
      Touched state, RunEvent event, RunPolicy policy, Instant now, Predicate<String> connected) {
    RunState run = state.run();
    RunEventBody body = event.body();
    if (body instanceof RunCreated created) {
      return run == null
          ? create(event, created, policy, now, connected)
          : new Decision.Ignore("duplicate RunCreated: the run exists");
    }
    if (run == null) {
      return new Decision.Ignore("unknown run");
    }
    if (body instanceof RunEventBody.RunReplayed || body instanceof ChildRunCreated) {
      return Decision.Accept
          .FOLD; // links the replay; any run may be replayed, finished ones above all
    }
    if (body instanceof RunContinued) {
      return continueRun(state, policy, now, connected);
    }
    if (body instanceof WaitResolved r && run.status().canContinue()) {
      // kept for a continue: the run then finds what it waited for
      return state.waitState() != null && state.waitState().elapsed()
          ? new Decision.Ignore("wait '" + r.key() + "' is already over")
          : Decision.Accept.FOLD;
    }
    if (body instanceof TaskCompleted c && isFencedSend(event, c, run)) {
      // A Kafka send commits its records with this event: they are out whichever execution wrote
      // it, so the task is done. Dropped, a later execution would find neither the task in its
      // dispatch nor the event after its dispatch offset, and would write the records again.
      if (state.task() != null && state.task().status() == TaskStatus.COMPLETED) {
        return new Decision.Ignore(
            "task '" + c.key() + "' already completed: the first completion wins");
      }
      return Transitions.allows(run.status(), TaskCompleted.class)
          ? Decision.Accept.FOLD
          : new Decision.Ignore("run is already " + run.status());
    }
    if (run.status().isFinal()) {
      return new Decision.Ignore("run is already " + run.status());
    }
    if (event.origin() == Origin.WORKER
        && (event.execution() == null || event.execution() != run.execution())) {
      return new Decision.Ignore(
          "fenced: event of execution " + event.execution() + ", current is " + run.execution());
    }
    if (!Transitions.allows(run.status(), body.getClass())
        || (body instanceof TaskCompleted c
            && run.status() != RunStatus.EXECUTING
            && (c.integration() == null || !c.integration().committedWithItsRecords()))) {
      // the same-status TaskCompleted rows are for Kafka sends only, whose records are out
      return new Decision.Ignore("no transition from " + run.status() + " on " + event.type());
    }
    Decision.Builder then = Decision.Accept.builder();
    if (body instanceof TaskCompleted) {
      if (state.task() != null && state.task().status() == TaskStatus.COMPLETED) {
        return new Decision.Ignore(
            "task '" + state.task().key() + "' already completed: the first completion wins");
      }
    } else if (body instanceof TaskFailed f && f.retryAt() != null) {
      then.timer(Timer.retry(run.runId(), f.key(), f.retryAt()));
      release(run, policy, then);
    } else if (isWaitRequest(body)) {
      String key = waitKey(body);
      WaitState wait = state.waitState();
      if (wait != null && !wait.resolvedBeforeRequest()) {
        return new Decision.Ignore("wait '" + key + "' was already requested");
      }
      release(run, policy, then);
      if (wait != null) { // what it waits for already came: WAITING for no longer than a dispatch
        start(run, RESUMED, policy, now, then);
      } else if (waitUntil(body) != null) {
        then.timer(Timer.wait(run.runId(), key, waitUntil(body)));
      }
    } else if (body instanceof WaitResolved r) {
      if (state.waitState() != null && state.waitState().elapsed()) {
        return new Decision.Ignore("wait '" + r.key() + "' is already over");
      }
      if (run.status() == RunStatus.WAITING
          && (WAITING_ON_WAIT + r.key()).equals(run.waitingOn())) {
        start(run, RESUMED, policy, now, then);
      } // else it came early: kept, and the wait returns at once when run() asks for it
    } else if (body instanceof ExecutionYielded) {
      redispatch(run, YIELDED, policy, now, then);
    } else if (body instanceof RunStarted s) {
      // A grant from admission: the run may start the execution it asked for.
      if (s.execution() != run.execution() + 1) {
        return new Decision.Ignore(
            "stale start of execution " + s.execution() + ", current is " + run.execution());
      }
      then.dispatch().timer(Timer.lease(run.runId(), s.execution(), now.plus(policy.lease())));
    } else if (body instanceof CancelRequested) {
      if (run.status() == RunStatus.EXECUTING) {
        then.dispatch(); // tells the worker, which stops at its next task boundary
      } else {
        then.append(new RunCanceled("canceled while " + run.status()));
        release(run, policy, then);
      }
    } else if (body instanceof ConnectionsResolved) {
      start(run, CONNECTED, policy, now, then);
    } else if (isEnd(body)) {
      release(run, policy, then);
    }
    return ChildLinks.add(run, event, then, now).build();
  }

  /**
   * What to do when {@code timer} fires, given the state of its run, on an engine that is caught
   * up.
   */
  public static Decision onTimer(
      Touched state, Timer timer, RunPolicy policy, Instant now, Predicate<String> connected) {
    return onTimer(state, timer, policy, now, Duration.ZERO, connected);
  }

  /**
   * What to do when {@code timer} fires, given the state of its run.
   *
   * @param lag how far behind its input the engine is (now minus the timestamp of the latest event
   *     it read): a worker's news younger than that may be waiting unread, so a lease is not called
   *     silent until it has been for a whole lease beyond the lag. Overload becomes latency, not a
   *     second execution.
   * @param connected whether a managed connection exists now, by key: a delayed run that comes due
   *     waits for those it needs
   */
  public static Decision onTimer(
      Touched state,
      Timer timer,
      RunPolicy policy,
      Instant now,
      Duration lag,
      Predicate<String> connected) {
    RunState run = state.run();
    if (run == null || run.status().isFinal()) {
      return new Decision.Ignore("timer of a run that is gone or finished");
    }
    Decision.Builder then = Decision.Accept.builder();
    switch (timer.kind()) {
      case WAIT -> {
        if (run.status() != RunStatus.WAITING
            || state.waitState() == null
            || state.waitState().elapsed()) {
          return new Decision.Ignore("wait '" + timer.key() + "' no longer pending");
        }
        then.append(new WaitElapsed(timer.key()));
        start(run, RESUMED, policy, now, then);
      }
      case RETRY -> {
        if (run.status() != RunStatus.WAITING
            || !("retry:" + timer.key()).equals(run.waitingOn())) {
          return new Decision.Ignore("retry of '" + timer.key() + "' no longer pending");
        }
        start(run, RETRY, policy, now, then);
      }
      case LEASE -> {
        if (run.status() != RunStatus.EXECUTING || run.execution() != timer.execution()) {
          return new Decision.Ignore("lease of an execution that ended");
        }
        // At most three leases of grace: a record with a wild timestamp must not switch leases off.
        Duration grace =
            lag.isNegative()
                ? Duration.ZERO
                : lag.compareTo(policy.lease().multipliedBy(3)) > 0
                    ? policy.lease().multipliedBy(3)
                    : lag;
        Instant expires = run.lastActivityAt().plus(policy.lease()).plus(grace);
        if (RunState.WAITING_ON_API_DISPATCH.equals(run.waitingOn())) {
          // Its execution record may never have been written: sent again, once, as the same
          // execution; the worker reads the run's log before it runs a copy sent again, so an
          // original that ran in the meantime is not run twice. Not before the API's own send of
          // it has surely landed or failed: an original behind the copy would run unchecked.
          Instant resendAt =
              run.lastActivityAt()
                  .plus(max(policy.lease(), API_SEND_TIMEOUT.plus(CLOCK_MARGIN)))
                  .plus(grace);
          if (resendAt.isAfter(now)) {
            return then.timer(Timer.lease(run.runId(), run.execution(), resendAt)).build();
          }
          dispatch(run.runId(), run.execution(), RESENT, policy, now, then);
          return then.build();
        }
        if (run.awaitingWorker()) {
          // Still queued for a worker (a backlog, or no worker of the job is running): not lost,
          // only late. Dispatching it again would stack a second execution behind the first.
          return then.timer(Timer.lease(run.runId(), run.execution(), now.plus(policy.lease())))
              .build();
        }
        if (expires.isAfter(now)) {
          return then.timer(Timer.lease(run.runId(), run.execution(), expires))
              .build(); // heard from since: renew
        }
        then.append(new ExecutionLeaseExpired(run.execution()));
        if (run.cancelRequested()) {
          then.append(new RunCanceled("canceled; its execution was lost"));
          release(run, policy, then);
        } else {
          redispatch(run, LEASE_EXPIRED, policy, now, then);
        }
      }
      case RUN_TIMEOUT -> {
        if (run.continuedAt() != null
            && policy.maxDuration() != null
            && timer.due().isBefore(run.continuedAt().plus(policy.maxDuration()))) {
          return new Decision.Ignore("a time-out set before the run was continued");
        }
        then.append(
            new RunTimedOut(
                "ran longer than its maximum duration of " + human(policy.maxDuration())));
        release(run, policy, then);
        if (run.status() == RunStatus.EXECUTING) {
          then.dispatch(); // tells the worker to stop
        }
      }
      case DELIVER -> {
        if (run.status() != RunStatus.PENDING) {
          return new Decision.Ignore("delayed run already started");
        }
        if (!ConnectionGate.waits(run.connections(), connected, then)) {
          start(run, DELIVERED, policy, now, then);
        }
      }
      default -> throw new IllegalStateException("unknown timer " + timer.kind());
    }
    return ChildLinks.afterTimer(run, then, now).build();
  }

  /**
   * What to do for a run that may be WAITING_ON_CONNECTIONS, now that the connections may have
   * changed: once every connection it needs exists, {@code ConnectionsResolved}, and it starts
   * (through admission, as any run: it held no concurrency slot while it waited).
   */
  public static Decision onConnections(
      Touched state, RunPolicy policy, Instant now, Predicate<String> connected) {
    RunState run = state.run();
    if (run == null || run.status() != RunStatus.WAITING_ON_CONNECTIONS) {
      return new Decision.Ignore("not waiting on connections");
    }
    List<String> missing = ConnectionGate.missing(run.connections(), connected);
    if (!missing.isEmpty()) {
      return new Decision.Ignore("still missing connections " + missing);
    }
    Decision.Builder then = Decision.Accept.builder();
    then.append(new ConnectionsResolved(run.connections()));
    start(run, CONNECTED, policy, now, then);
    return then.build();
  }

  /**
   * What to do when the run's next execution cannot be dispatched because what a worker needs to
   * replay it is larger than a record may be ({@code reason} says by how much): it fails, its slot
   * goes back, and a parent waiting for it is told.
   */
  public static Decision onTooLarge(Touched state, RunPolicy policy, Instant now, String reason) {
    RunState run = state.run();
    if (run == null || run.status().isFinal()) {
      return new Decision.Ignore("run gone or finished");
    }
    Decision.Builder then = Decision.Accept.builder();
    then.append(new RunFailed(ErrorInfo.of("RunTooLarge", reason)));
    release(run, policy, then);
    return ChildLinks.afterTimer(run, then, now).build();
  }

  /** Folds one accepted event into the state it touches. */
  public static Touched evolve(Touched state, RunEvent event) {
    return Evolution.evolve(state, event, null);
  }

  /**
   * Folds one accepted event into the state it touches; a {@code RunCreated} takes its per-key
   * concurrency key from the payload by the job's {@code policy}.
   */
  public static Touched evolve(Touched state, RunEvent event, RunPolicy policy) {
    return Evolution.evolve(state, event, policy);
  }

  /** The task key an event is about, or null. */
  public static String taskKey(RunEventBody body) {
    return Evolution.taskKey(body);
  }

  /** The wait key an event is about, or null. */
  public static String waitKey(RunEventBody body) {
    if (body instanceof WaitRequested w) {
      return w.key();
    }
    if (body instanceof EventWaitRequested w) {
      return w.key();
    }
    if (body instanceof ChildWaitRequested w) {
      return w.key();
    }
    if (body instanceof WaitResolved r) {
      return r.key();
    }
    return body instanceof WaitElapsed e ? e.key() : null;
  }

  /** True for an event by which run() asks to wait: a sleep, for an event, for a child run. */
  static boolean isWaitRequest(RunEventBody body) {
    return body instanceof WaitRequested
        || body instanceof EventWaitRequested
        || body instanceof ChildWaitRequested;
  }

  /** When a requested wait ends or times out; null: never. */
  static Instant waitUntil(RunEventBody body) {
    if (body instanceof WaitRequested w) {
      return w.until();
    }
    if (body instanceof EventWaitRequested w) {
      return w.until();
    }
    return body instanceof ChildWaitRequested w ? w.until() : null;
  }

  private static Decision create(
      RunEvent event,
      RunCreated created,
      RunPolicy policy,
      Instant now,
      Predicate<String> connected) {
    String runId = event.runId();
    Decision.Builder then = Decision.Accept.builder();
    if (policy.schema() != null) {
      List<String> errors = policy.schema().validate(created.payload());
      if (!errors.isEmpty()) {
        then.append(new RunInvalidPayload(errors));
        return ChildLinks.add(null, event, then, now).build();
      }
    }
    if (policy.keyLimit() != null && policy.concurrencyKeyOf(created.payload()) == null) {
      then.append(
          new RunInvalidPayload(
              List.of(
                  "$."
                      + policy.keyLimit().path()
                      + ": the job's per-key concurrency limit needs a string, number or"
                      + " boolean here")));
      return ChildLinks.add(null, event, then, now).build();
    }
    RunAuthUnresolved accountMissing = ConnectionGate.accountMissing(policy, created.context());
    if (accountMissing != null) {
      return ChildLinks.add(null, event, then.append(accountMissing), now).build();
    }
    ChildLinks.add(null, event, then, now); // a child tells its parent that it exists
    Instant startAt =
        created.deliverAt() != null && created.deliverAt().isAfter(now) ? created.deliverAt() : now;
    if (policy.maxDuration() != null) {
      then.timer(Timer.runTimeout(runId, startAt.plus(policy.maxDuration())));
    }
    if (startAt.isAfter(now)) {
      return then.timer(Timer.deliver(runId, startAt)).build();
    }
    if (ConnectionGate.waits(policy.connectionsFor(created.context()), connected, then)) {
      return then.build(); // no slot asked for: it holds none while it waits
    }
    startNext(runId, 0, policy.concurrencyKeyOf(created.payload()), CREATED, policy, now, then);
    return then.build();
  }

  /**
   * Resumes a FAILURE, TIMED_OUT or CANCELED run as the same run: its time-out counts anew; if it
   * ended while waiting (a sleep, an event, a child), it waits on, else it starts at once.
   */
  private static Decision continueRun(
      Touched state, RunPolicy policy, Instant now, Predicate<String> connected) {
    RunState run = state.run();
    if (!run.status().canContinue()) {
      return new Decision.Ignore(
          "only a FAILURE, TIMED_OUT or CANCELED run can be continued; this one is "
              + run.status());
    }
    Decision.Builder then = Decision.Accept.builder();
    if (policy.maxDuration() != null) {
      then.timer(Timer.runTimeout(run.runId(), now.plus(policy.maxDuration())));
    }
    WaitState wait = state.waitState();
    if (wait != null && !wait.elapsed()) {
      if (wait.until() != null) { // one that has passed fires at the next tick
        then.timer(Timer.wait(run.runId(), wait.key(), wait.until()));
      }
    } else {
      if (!ConnectionGate.waits(run.connections(), connected, then)) {
        start(run, CONTINUED, policy, now, then);
      }
    }
    return then.build();
  }

  /**
   * The wait {@code body} touches: the one it names, or for a continue the one the run was waiting
   * on when it ended.
   */
  public static String waitKey(RunState run, RunEventBody body) {
    if (body instanceof RunContinued
        && run != null
        && run.waitingOn() != null
        && run.waitingOn().startsWith(WAITING_ON_WAIT)) {
      return run.waitingOn().substring(WAITING_ON_WAIT.length());
    }
    return waitKey(body);
  }

  /**
   * A {@code TaskCompleted} of a Kafka send written by an execution that is not the current one.
   */
  private static boolean isFencedSend(RunEvent event, TaskCompleted c, RunState run) {
    return event.origin() == Origin.WORKER
        && c.integration() != null
        && c.integration().committedWithItsRecords()
        && (event.execution() == null || event.execution() != run.execution());
  }

  /** Starts the run's next execution. */
  private static void start(
      RunState run, String reason, RunPolicy policy, Instant now, Decision.Builder then) {
    startNext(run.runId(), run.execution(), run.concurrencyKey(), reason, policy, now, then);
  }

  /**
   * Starts the execution after {@code execution}, through admission when the job has a concurrency
   * limit: its job's or shared limit, with the per-key limit of {@code key} inside it, or the
   * per-key limit alone.
   */
  private static void startNext(
      String runId,
      long execution,
      String key,
      String reason,
      RunPolicy policy,
      Instant now,
      Decision.Builder then) {
    String keyLimit = keyLimitKey(policy, key);
    if (policy.limitKey() != null) {
      int perKey = keyLimit == null ? 0 : policy.keyLimit().limit();
      then.admission(
          new AdmissionMessage.Acquire(
              policy.limitKey(), policy.limit(), runId, execution + 1, reason, keyLimit, perKey));
    } else if (keyLimit != null) {
      then.admission(
          new AdmissionMessage.Acquire(
              keyLimit, policy.keyLimit().limit(), runId, execution + 1, reason));
    } else {
      dispatch(runId, execution + 1, reason, policy, now, then);
    }
  }

  /** The admission key of a per-key limit's slots for one key value, null when there is none. */
  private static String keyLimitKey(RunPolicy policy, String key) {
    return policy.keyLimit() == null || key == null ? null : "key:" + policy.jobId() + ":" + key;
  }

  /**
   * Dispatches again after a yield or a lost execution, unless that keeps happening without
   * progress.
   */
  private static void redispatch(
      RunState run, String reason, RunPolicy policy, Instant now, Decision.Builder then) {
    if (run.dispatchesWithoutProgress() + 1 > policy.maxDispatchesWithoutProgress()) {
      then.append(
          new RunTimedOut(
              "dispatched "
                  + (run.dispatchesWithoutProgress() + 1)
                  + " times without completing a new task"));
      release(run, policy, then);
      return;
    }
    dispatch(run.runId(), run.execution() + 1, reason, policy, now, then);
  }

  private static void dispatch(
      String runId,
      long execution,
      String reason,
      RunPolicy policy,
      Instant now,
      Decision.Builder then) {
    Instant leaseUntil = now.plus(policy.lease());
    then.append(new RunStarted(execution, reason, leaseUntil))
        .dispatch()
        .timer(Timer.lease(runId, execution, leaseUntil));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void release(RunState run, RunPolicy policy, Decision.Builder then) {
    String keyLimit = keyLimitKey(policy, run.concurrencyKey());
    if (policy.limitKey() != null) {
      then.admission(new AdmissionMessage.Release(policy.limitKey(), run.runId(), keyLimit));
    } else if (keyLimit != null) {
      then.admission(new AdmissionMessage.Release(keyLimit, run.runId()));
    }
  }

  static boolean isEnd(RunEventBody body) {
    return body instanceof RunEventBody.RunSucceeded
        || body instanceof RunFailed
        || body instanceof RunCanceled
        || body instanceof RunTimedOut
        || body instanceof RunEventBody.RunAuthUnresolved;
  }

  /** For messages: a duration as people read it. */
  static String human(Duration d) {
    return d == null ? "none" : d.toString().substring(2).toLowerCase();
  }
}
