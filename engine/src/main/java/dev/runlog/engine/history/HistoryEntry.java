package dev.runlog.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of a run as its history shows it, in log order.
 *
 * @param ignored why the engine ignored it (a zombie's late event, a duplicate), null when it was
 *     applied
 */
public record HistoryEntry(
    long seq,
    String type,
    String origin,
    Long execution,
    Instant timestamp,
    JsonNode body,
    String ignored) {}
