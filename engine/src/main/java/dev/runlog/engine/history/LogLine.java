package dev.runlog.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A line a run wrote through {@code io.logger()}, kept once whatever the number of replays. */
public record LogLine(
    String key, String level, String message, JsonNode fields, Instant timestamp) {}
