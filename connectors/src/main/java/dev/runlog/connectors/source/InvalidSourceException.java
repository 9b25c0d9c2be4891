package dev.runlog.connectors.source;

/** A source definition that cannot work, with a message that says why (answered as a 400). */
public class InvalidSourceException extends IllegalArgumentException {
  public InvalidSourceException(String message) {
    super(message);
  }
}
