package dev.runlog.engine.run;

/** The run that started a run with {@code io.invoke}, and the invoke's key there. */
public record ParentLink(String runId, String key) {}
