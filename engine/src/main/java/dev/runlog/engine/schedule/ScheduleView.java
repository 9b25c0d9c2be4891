package dev.runlog.engine.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.connectors.schedule.ScheduleSpec;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.source.SourceDefinition;
import java.io.IOException;
import java.time.Instant;

/**
 * A schedule as the API shows it: its definition (from the sources) with its timer (from the {@code
 * schedules} store): state, reason, next tick, last fired.
 */
public final class ScheduleView {
  private ScheduleView() {}

  /**
   * The view of {@code def}; {@code state} is null until the engine has read the definition, and
   * the next tick then is the one it will compute, from {@code now}.
   */
  public static ObjectNode of(SourceDefinition def, ScheduleState state, Instant now) {
    ObjectNode view = JsonSerde.MAPPER.createObjectNode();
    view.put("id", def.id());
    view.put("paused", def.paused());
    JsonNode spec = readTree(def.spec());
    ScheduleSpec parsed = null;
    String failure = null;
    try {
      parsed = ScheduleMachine.parse(def.spec());
    } catch (IllegalArgumentException e) {
      failure = e.getMessage();
    }
    String reason = state != null ? firstNonNull(state.failure(), state.problem()) : failure;
    String shown =
        def.paused()
            ? "PAUSED"
            : reason != null ? "FAILING" : state == null ? "STARTING" : "RUNNING";
    view.put("state", shown);
    view.put("reason", reason);
    for (String field :
        new String[] {"cron", "timezone", "interval", "job", "event", "catchUp", "declaredBy"}) {
      if (spec.hasNonNull(field)) {
        view.set(field, spec.get(field));
      }
    }
    if (spec.hasNonNull("intervalSeconds")) {
      view.set("interval", spec.get("intervalSeconds"));
    }
    if (spec.hasNonNull("payload")) {
      view.set("payload", spec.get("payload"));
    }
    Instant next;
    if (def.paused() || reason != null) {
      next = null;
    } else if (state != null && !state.paused() && state.spec().equals(def.spec())) {
      next = state.nextTick();
    } else {
      next = parsed == null ? null : parsed.timing().nextAfter(now);
    }
    view.put("nextTick", next == null ? null : next.toString());
    Instant last = state == null ? null : state.lastFiredAt();
    view.put("lastFiredAt", last == null ? null : last.toString());
    view.put("fired", state == null ? 0 : state.fired());
    view.put("updatedAt", def.updatedAt().toString());
    return view;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static JsonNode readTree(String json) {
    try {
      JsonNode node = JsonSerde.MAPPER.readTree(json);
      return node == null ? JsonSerde.MAPPER.createObjectNode() : node;
    } catch (IOException e) {
      return JsonSerde.MAPPER.createObjectNode();
    }
  }
}
