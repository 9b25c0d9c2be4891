package dev.runlog.connectors.kafka;

import dev.runlog.protocol.trigger.TriggerEvent;

/** What a source record became: a trigger event, or a reason it cannot be one. */
public sealed interface Mapping {
  /** The record's trigger event. */
  record Mapped(TriggerEvent event) implements Mapping {}

  /** The record cannot be mapped, whenever it is read: it goes to dead letters with the reason. */
  record Unmappable(String reason) implements Mapping {}
}
