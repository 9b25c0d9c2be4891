package dev.runlog.engine.topology;

/**
 * An {@code ExecuteRun} already encoded, for the executions sink: the run processor encodes it once
 * to know its size before it sends it.
 */
record EncodedDispatch(String jobId, byte[] bytes) {}
