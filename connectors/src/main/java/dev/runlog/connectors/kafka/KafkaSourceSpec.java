package dev.runlog.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.util.ArrayList;
import java.util.List;

/** How a Kafka topic source reads its topics (placeholder: topics only). */
public record KafkaSourceSpec(List<String> topics) {
  public static KafkaSourceSpec parse(JsonNode spec) {
    List<String> topics = new ArrayList<>();
    spec.path("topics").forEach(t -> topics.add(t.asText()));
    if (topics.isEmpty()) {
      throw new InvalidSourceException("a kafka source needs \"topics\": a list of topic names");
    }
    return new KafkaSourceSpec(List.copyOf(topics));
  }
}
