package dev.runlog.connectors.source;

/** A source's spec that cannot be used, with a message that says why and what was expected. */
public class InvalidSourceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidSourceException(String message) {
    super(message);
  }
}
