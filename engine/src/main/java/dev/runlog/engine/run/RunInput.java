package dev.runlog.engine.run;

import java.time.Instant;

/** What a run was started with; written once, read at each dispatch. Payload and context are JSON text. */
public record RunInput(String payload, String context, Instant eventTimestamp, String replayOf) {}
