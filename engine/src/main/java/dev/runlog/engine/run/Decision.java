package dev.runlog.engine.run;

import dev.runlog.protocol.run.RunEventBody;
import java.util.List;

/** What the run machine makes of an event read from the log. */
public sealed interface Decision {

  /**
   * Fold the event in, then append {@code then} (engine events, folded as they are written), then,
   * if {@code dispatch}, send the run's current state to a worker.
   */
  record Accept(List<RunEventBody> then, boolean dispatch) implements Decision {
    public static final Accept FOLD = new Accept(List.of(), false);

    public Accept {
      then = List.copyOf(then);
    }
  }

  /** Leave the state as it is; the reason is logged and counted. */
  record Ignore(String reason) implements Decision {}
}
