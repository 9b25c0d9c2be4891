package dev.runlog.connectors.source;

/** A source spec that cannot work, with a message that says what to change. */
public final class InvalidSourceException extends IllegalArgumentException {
  public InvalidSourceException(String message) {
    super(message);
  }
}
