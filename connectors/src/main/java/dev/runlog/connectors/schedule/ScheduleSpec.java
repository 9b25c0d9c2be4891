package dev.runlog.connectors.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * A schedule: when it ticks ({@link Timing}), what a tick does ({@link Target}), the static payload
 * merged into each tick's, and what happens to ticks missed while no engine ran ({@link CatchUp}).
 * Its JSON form is the {@code spec} of a {@code SCHEDULE} source:
 *
 * <pre>{@code
 * {"cron": "0 9 * * MON-FRI", "timezone": "Europe/Berlin", "job": "daily-report"}
 * {"interval": "PT30S", "event": "inventory.poll", "payload": {"warehouse": "north"}, "catchUp": "once"}
 * {"intervalSeconds": 30, "event": "inventory.poll"}
 * }</pre>
 *
 * @param payload the static payload, a JSON object as text, or null
 * @param declaredBy the job whose code declares this schedule ({@code Job...cron(...)}), or null
 *     for one created at runtime; the engine keeps such a schedule in step with its job
 */
public record ScheduleSpec(
    Timing timing, Target target, String payload, CatchUp catchUp, String declaredBy) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of(
          "cron",
          "timezone",
          "interval",
          "intervalSeconds",
          "job",
          "event",
          "payload",
          "catchUp",
          "declaredBy");
  private static final String EXPECTED =
      "expected {\"cron\": \"0 9 * * MON-FRI\", \"timezone\"?: \"Europe/Berlin\"} or {\"interval\":"
          + " \"PT30S\"} or {\"intervalSeconds\": 30}, with {\"job\": \"<job id>\"} or {\"event\":"
          + " \"<event name>\"}, \"payload\"?: {...}, \"catchUp\"?: \"skip\"|\"once\"";

  public ScheduleSpec {
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(target, "target");
    catchUp = catchUp == null ? CatchUp.SKIP : catchUp;
  }

  /**
   * The schedule {@code spec} describes.
   *
   * @throws InvalidSourceException with a message that says what is wrong and what is expected
   */
  public static ScheduleSpec parse(JsonNode spec) {
    if (spec == null || !spec.isObject()) {
      throw invalid("a schedule spec must be a JSON object; " + EXPECTED);
    }
    for (Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw invalid("unknown field \"" + name + "\" in a schedule; " + EXPECTED);
      }
    }
    try {
      return new ScheduleSpec(
          timing(spec),
          target(spec),
          payload(spec.get("payload")),
          spec.hasNonNull("catchUp") ? CatchUp.named(text(spec, "catchUp")) : CatchUp.SKIP,
          spec.hasNonNull("declaredBy") ? text(spec, "declaredBy") : null);
    } catch (InvalidSourceException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** The spec as JSON, in the form {@link #parse} reads. */
  public ObjectNode toJson() {
    ObjectNode json = JSON.createObjectNode();
    if (timing instanceof Cron cron) {
      json.put("cron", cron.expression());
      json.put("timezone", cron.zone().getId());
    } else if (timing instanceof Every every) {
      json.put("interval", every.interval().toString());
    }
    if (target instanceof Target.RunJob job) {
      json.put("job", job.jobId());
    } else if (target instanceof Target.SendEvent event) {
      json.put("event", event.eventName());
    }
    if (payload != null) {
      try {
        json.set("payload", JSON.readTree(payload));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("a parsed payload is JSON", e);
      }
    }
    json.put("catchUp", catchUp.json());
    if (declaredBy != null) {
      json.put("declaredBy", declaredBy);
    }
    return json;
  }

  /** The same schedule declared by {@code jobId}'s code. */
  public ScheduleSpec declaredBy(String jobId) {
    return new ScheduleSpec(timing, target, payload, catchUp, jobId);
  }

  private static Timing timing(JsonNode spec) {
    int given =
        (spec.hasNonNull("cron") ? 1 : 0)
            + (spec.hasNonNull("interval") ? 1 : 0)
            + (spec.hasNonNull("intervalSeconds") ? 1 : 0);
    if (given == 0) {
      throw invalid("a schedule needs a cron or an interval; " + EXPECTED);
    }
    if (given > 1) {
      throw invalid("give one of cron, interval and intervalSeconds, not several");
    }
    if (spec.hasNonNull("cron")) {
      return Cron.parse(
          text(spec, "cron"), spec.hasNonNull("timezone") ? text(spec, "timezone") : null);
    }
    if (spec.hasNonNull("timezone")) {
      throw invalid("timezone goes with cron; an interval ticks in absolute time");
    }
    if (spec.hasNonNull("interval")) {
      String text = text(spec, "interval");
      try {
        return new Every(Duration.parse(text));
      } catch (DateTimeParseException e) {
        throw invalid(
            "interval \"" + text + "\" is not an ISO-8601 duration such as \"PT30S\" or \"PT1H\"");
      }
    }
    JsonNode seconds = spec.get("intervalSeconds");
    if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) {
      throw invalid("intervalSeconds must be a whole number of seconds, not " + seconds);
    }
    return new Every(Duration.ofSeconds(seconds.asLong()));
  }

  private static Target target(JsonNode spec) {
    boolean job = spec.hasNonNull("job");
    boolean event = spec.hasNonNull("event");
    if (job == event) {
      throw invalid(
          job
              ? "give job or event, not both"
              : "a schedule needs a job to run (\"job\": \"<job id>\") or an event to send"
                  + " (\"event\": \"<event name>\")");
    }
    String name = job ? text(spec, "job") : text(spec, "event");
    if (name.isBlank()) {
      throw invalid((job ? "job" : "event") + " must not be empty");
    }
    return job ? new Target.RunJob(name) : new Target.SendEvent(name);
  }

  private static String payload(JsonNode payload) {
    if (payload == null || payload.isNull()) {
      return null;
    }
    if (!payload.isObject()) {
      throw invalid(
          "payload must be a JSON object (its fields are merged with the tick's), not "
              + payload.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return payload.toString();
  }

  private static String text(JsonNode spec, String field) {
    JsonNode node = spec.get(field);
    if (!node.isTextual()) {
      throw invalid(field + " must be a string, not " + node);
    }
    return node.asText();
  }

  private static InvalidSourceException invalid(String message) {
    return new InvalidSourceException(message);
  }
}
