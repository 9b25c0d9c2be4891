package dev.runlog.connectors.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.kafka.KafkaSourceSpec;
import dev.runlog.connectors.schedule.ScheduleSpec;
import dev.runlog.connectors.webhook.WebhookSpec;
import dev.runlog.protocol.source.SourceKind;

/** Reads a source's spec by its kind: the one place that knows which spec each kind has. */
public final class SourceSpecs {
  private SourceSpecs() {}

  /**
   * The spec of a {@code kind} source, checked.
   *
   * @throws InvalidSourceException saying what is wrong with it
   */
  public static Object parse(SourceKind kind, JsonNode spec) {
    if (spec == null || !spec.isObject()) {
      throw new InvalidSourceException("a source's spec must be a JSON object");
    }
    return switch (kind) {
      case KAFKA -> KafkaSourceSpec.parse(spec);
      case WEBHOOK -> WebhookSpec.parse(spec);
      case SCHEDULE -> ScheduleSpec.parse(spec);
    };
  }
}
