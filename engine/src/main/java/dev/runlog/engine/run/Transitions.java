package dev.runlog.engine.run;

import dev.runlog.protocol.run.RunEventBody;
import java.util.List;
import java.util.Optional;

/**
 * The run lifecycle as a table: from a status, which event types are allowed and the status they
 * lead to. {@link RunMachine} moves runs only along these rows; {@code TransitionsTest} proves that
 * every row is exercised, and the README's diagram is checked against {@link #ROWS}.
 */
public final class Transitions {

  /** One allowed move. */
  public record Row(RunStatus from, Class<? extends RunEventBody> on, RunStatus to) {}

  public static final List<Row> ROWS = List.of(
      new Row(RunStatus.PENDING, RunEventBody.RunStarted.class, RunStatus.EXECUTING),
      new Row(RunStatus.EXECUTING, RunEventBody.TaskStarted.class, RunStatus.EXECUTING),
      new Row(RunStatus.EXECUTING, RunEventBody.TaskCompleted.class, RunStatus.EXECUTING),
      new Row(RunStatus.EXECUTING, RunEventBody.TaskFailed.class, RunStatus.EXECUTING),
      new Row(RunStatus.EXECUTING, RunEventBody.RunSucceeded.class, RunStatus.SUCCESS),
      new Row(RunStatus.EXECUTING, RunEventBody.RunFailed.class, RunStatus.FAILURE));

  private Transitions() {}

  /** The status {@code on} leads to from {@code from}, or empty when the table has no such row. */
  public static Optional<RunStatus> next(RunStatus from, Class<? extends RunEventBody> on) {
    for (Row row : ROWS) {
      if (row.from() == from && row.on() == on) {
        return Optional.of(row.to());
      }
    }
    return Optional.empty();
  }
}
