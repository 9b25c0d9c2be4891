package dev.runlog.sdk.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run as its history shows it: its id, the event that created it, and the events that record its
 * steps. Read from {@code RunEvent}s or from the JSON of {@code GET /api/runs/{id}/events}, whose
 * entries the engine ignored (a zombie's late append) are left out.
 */
record RecordedRun(String runId, RunEventBody.RunCreated created, List<RunEventBody> events) {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The bodies a replay depends on, by their type name in the API. */
  private static final Map<String, Class<? extends RunEventBody>> STEP_TYPES =
      Map.of(
          "RunCreated", RunEventBody.RunCreated.class,
          "TaskCompleted", RunEventBody.TaskCompleted.class,
          "TaskFailed", RunEventBody.TaskFailed.class,
          "WaitRequested", RunEventBody.WaitRequested.class,
          "WaitElapsed", RunEventBody.WaitElapsed.class,
          "EventWaitRequested", RunEventBody.EventWaitRequested.class,
          "ChildWaitRequested", RunEventBody.ChildWaitRequested.class,
          "ChildRunCreated", RunEventBody.ChildRunCreated.class,
          "WaitResolved", RunEventBody.WaitResolved.class,
          "RunContinued", RunEventBody.RunContinued.class);

  static RecordedRun of(List<RunEvent> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a recorded run needs its events, RunCreated first");
    }
    return of(events.get(0).runId(), events.stream().map(RunEvent::body).toList());
  }

  static RecordedRun fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not the JSON of a run's events: " + e.getMessage(), e);
    }
    List<RunEventBody> bodies = new ArrayList<>();
    for (JsonNode entry : root.path("events")) {
      Class<? extends RunEventBody> type = STEP_TYPES.get(entry.path("type").asText());
      JsonNode ignored = entry.path("ignored");
      if (type != null && (ignored.isNull() || ignored.isMissingNode())) {
        try {
          bodies.add(MAPPER.treeToValue(entry.path("body"), type));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(
              "event " + entry.path("seq").asText() + " is not a " + type.getSimpleName(), e);
        }
      }
    }
    return of(root.path("runId").asText(null), bodies);
  }

  private static RecordedRun of(String runId, List<RunEventBody> bodies) {
    RunEventBody.RunCreated created =
        bodies.stream()
            .filter(b -> b instanceof RunEventBody.RunCreated)
            .map(b -> (RunEventBody.RunCreated) b)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the recorded events have no RunCreated, so no payload to replay with"));
    return new RecordedRun(runId == null ? "run_recorded" : runId, created, List.copyOf(bodies));
  }
}
