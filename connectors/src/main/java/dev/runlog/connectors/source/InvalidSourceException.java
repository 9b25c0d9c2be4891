package dev.runlog.connectors.source;

/** A source's spec that cannot work, with a message that says what to change. */
public final class InvalidSourceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidSourceException(String message) {
    super(message);
  }
}
