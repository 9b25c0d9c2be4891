package dev.runlog.engine.run;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run driven through {@link RunMachine} as the run processor drives it, with in-memory state:
 * records every transition taken, timer set, admission message and dispatch.
 */
final class RunHarness {
  RunState header;
  final Map<String, TaskState> tasks = new HashMap<>();
  final Map<String, WaitState> waits = new HashMap<>();
  final List<Timer> timers = new ArrayList<>();
  final List<AdmissionMessage> admission = new ArrayList<>();
  final List<RunEventBody> appended = new ArrayList<>();
  final List<RunEvent> told = new ArrayList<>();
  final Set<Transitions.Row> visited;
  int dispatches;
  RunPolicy policy;

  /** The managed connections that exist, by key. */
  final Set<String> connections = new java.util.HashSet<>();

  Instant now = RunEvents.T0;

  RunHarness(RunPolicy policy, Set<Transitions.Row> visited) {
    this.policy = policy;
    this.visited = visited;
  }

  RunHarness(RunPolicy policy) {
    this(policy, new java.util.HashSet<>());
  }

  static RunPolicy plain() {
    return RunPolicy.unregistered("job");
  }

  Decision feed(RunEvent event) {
    Decision d =
        RunMachine.decide(touched(event.body()), event, policy, now, connections::contains);
    if (d instanceof Decision.Accept accept) {
      fold(event);
      carryOut(accept);
    }
    return d;
  }

  Decision fire(Timer timer) {
    WaitState wait = timer.kind() == Timer.Kind.WAIT ? waits.get(timer.key()) : null;
    Decision d =
        RunMachine.onTimer(
            new Touched(header, null, wait), timer, policy, now, connections::contains);
    if (d instanceof Decision.Accept accept) {
      carryOut(accept);
    }
    return d;
  }

  /** Adds connection {@code key} and checks the run, as the run processor's punctuation does. */
  Decision connect(String key) {
    connections.add(key);
    Decision d =
        RunMachine.onConnections(
            new Touched(header, null, null), policy, now, connections::contains);
    if (d instanceof Decision.Accept accept) {
      carryOut(accept);
    }
    return d;
  }

  /** The run's next dispatch was too large to send, as the run processor found. */
  Decision tooLarge(String reason) {
    Decision d = RunMachine.onTooLarge(new Touched(header, null, null), policy, now, reason);
    if (d instanceof Decision.Accept accept) {
      carryOut(accept);
    }
    return d;
  }

  /** Fires the last timer set of this kind. */
  Decision fireLast(Timer.Kind kind) {
    for (int i = timers.size() - 1; i >= 0; i--) {
      if (timers.get(i).kind() == kind) {
        now = timers.get(i).due().isAfter(now) ? timers.get(i).due() : now;
        return fire(timers.get(i));
      }
    }
    throw new AssertionError("no " + kind + " timer was set: " + timers);
  }

  Timer lastTimer(Timer.Kind kind) {
    for (int i = timers.size() - 1; i >= 0; i--) {
      if (timers.get(i).kind() == kind) {
        return timers.get(i);
      }
    }
    return null;
  }

  void fold(RunEvent event) {
    RunStatus from = header == null ? null : header.status();
    Touched after = RunMachine.evolve(touched(event.body()), event, policy);
    header = after.run();
    if (from != null) {
      visited.add(new Transitions.Row(from, event.body().getClass(), header.status()));
    }
    if (after.task() != null) {
      tasks.put(after.task().key(), after.task());
    }
    if (after.waitState() != null) {
      waits.put(after.waitState().key(), after.waitState());
    }
  }

  private void carryOut(Decision.Accept accept) {
    for (RunEventBody body : accept.then()) {
      appended.add(body);
      fold(RunEvent.engine(RunEvents.RUN, now, body));
    }
    timers.addAll(accept.timers());
    admission.addAll(accept.admission());
    told.addAll(accept.others());
    if (accept.dispatch()) {
      dispatches++;
    }
  }

  private Touched touched(RunEventBody body) {
    String taskKey = RunMachine.taskKey(body);
    String waitKey = RunMachine.waitKey(header, body);
    return new Touched(
        header,
        taskKey == null ? null : tasks.get(taskKey),
        waitKey == null ? null : waits.get(waitKey));
  }

  RunStatus status() {
    return header.status();
  }
}
