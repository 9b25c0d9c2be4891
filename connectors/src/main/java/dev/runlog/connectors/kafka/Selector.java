package dev.runlog.connectors.kafka;

/** Where a value of the event (its name, its id) comes from. */
public sealed interface Selector {
  /** The name of the record's topic: a source's event name when its spec gives none. */
  record RecordTopic() implements Selector {}

  /** The same text for every record. */
  record Fixed(String value) implements Selector {}

  /** The (last) value of header {@code name}, as UTF-8 text. */
  record FromHeader(String name) implements Selector {}

  /** The text or number at JSON pointer {@code pointer} in the record's value. */
  record FromField(String pointer) implements Selector {}
}
