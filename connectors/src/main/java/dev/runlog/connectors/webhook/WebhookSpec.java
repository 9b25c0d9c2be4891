package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a webhook source turns a signed HTTP request into a trigger event. The JSON it is read from:
 *
 * <pre>{
 *   "signature": {"type": "github", "secret": {"setting": "github"}},
 *   "name": "github.{header}", "nameHeader": "X-GitHub-Event",
 *   "id": {"header": "X-GitHub-Delivery"},
 *   "payload": {"login": "/sender/login", "repo": "/repository/name"},
 *   "contextHeaders": ["X-GitHub-Hook-ID"],
 *   "filter": {"headers": {"X-GitHub-Event": "star"}, "body": {"/action": "created"}}
 * }</pre>
 *
 * Only {@code signature} and {@code name} are required; see {@link Signature}, {@link EventName},
 * {@link EventIdRule}, {@link PayloadRule} and {@link Filter} for each part. Unknown fields are
 * refused, so a typo does not silently drop a check.
 *
 * @param contextHeaders headers copied into the event's context, under {@code headers}
 */
public record WebhookSpec(
    Signature signature,
    EventName name,
    EventIdRule id,
    PayloadRule payload,
    List<String> contextHeaders,
    Filter filter) {

  public WebhookSpec {
    contextHeaders = List.copyOf(contextHeaders);
  }

  /**
   * Reads a spec; throws {@link dev.runlog.connectors.source.InvalidSourceException} saying what is
   * wrong.
   */
  public static WebhookSpec parse(JsonNode spec) {
    Fields fields = Fields.of("spec", spec);
    fields.only("signature", "name", "nameHeader", "id", "payload", "contextHeaders", "filter");
    Optional<String> nameHeader =
        Optional.ofNullable(fields.optionalText("nameHeader", null))
            .map(h -> Fields.headerName("nameHeader", h));
    return new WebhookSpec(
        Signature.parse(spec.get("signature")),
        EventName.parse(fields.requiredText("name"), nameHeader),
        EventIdRule.parse(spec.get("id")),
        PayloadRule.parse(spec.get("payload")),
        contextHeaders(spec.get("contextHeaders")),
        Filter.parse(spec.get("filter")));
  }

  private static List<String> contextHeaders(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String name : Fields.texts("contextHeaders", node)) {
      names.add(Fields.headerName("contextHeaders", name));
    }
    return names;
  }
}
