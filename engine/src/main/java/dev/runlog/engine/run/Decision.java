package dev.runlog.engine.run;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.util.ArrayList;
import java.util.List;

/** What the run machine makes of an event read from the log, or of a timer that fired. */
public sealed interface Decision {

  /**
   * Fold the event in (a timer has none), then append {@code then} (engine events, folded as they
   * are written), set {@code timers}, send {@code admission} messages, append {@code others}
   * (events for other runs: a parent, a child) and, if {@code dispatch}, send the run's current
   * state to a worker.
   */
  record Accept(
      List<RunEventBody> then,
      boolean dispatch,
      List<Timer> timers,
      List<AdmissionMessage> admission,
      List<RunEvent> others)
      implements Decision {
    public static final Accept FOLD = new Accept(List.of(), false, List.of(), List.of(), List.of());

    /**
     * Only the timers and the events for other runs: for an event whose writer carried out the rest
     * of the decision (the trigger processor, which starts a run at once, tells no parent).
     */
    public Accept timersOnly() {
      return new Accept(List.of(), false, timers, List.of(), others);
    }

    public Accept {
      then = List.copyOf(then);
      timers = List.copyOf(timers);
      admission = List.copyOf(admission);
      others = List.copyOf(others);
    }

    /** Collects an {@link Accept} step by step. */
    public static Builder builder() {
      return new Builder();
    }
  }

  /** Leave the state as it is; the reason is logged and counted. */
  record Ignore(String reason) implements Decision {}

  /** A mutable collector of what an accepted event leads to. */
  final class Builder {
    private final List<RunEventBody> then = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    private final List<AdmissionMessage> admission = new ArrayList<>();
    private final List<RunEvent> others = new ArrayList<>();
    private boolean dispatch;

    public Builder append(RunEventBody body) {
      then.add(body);
      return this;
    }

    public Builder dispatch() {
      dispatch = true;
      return this;
    }

    public Builder timer(Timer timer) {
      timers.add(timer);
      return this;
    }

    public Builder admission(AdmissionMessage message) {
      admission.add(message);
      return this;
    }

    /** An event for another run, appended to its log. */
    public Builder tell(RunEvent event) {
      others.add(event);
      return this;
    }

    /** The engine events appended so far. */
    List<RunEventBody> appended() {
      return List.copyOf(then);
    }

    public Accept build() {
      return new Accept(then, dispatch, timers, admission, others);
    }
  }
}
