package dev.runlog.engine.execution;

import dev.runlog.protocol.execution.ExecuteRun;

/** An execution on its way to the executions topic of {@code queue}. */
public record Dispatch(String queue, ExecuteRun execution) {}
