package dev.runlog.connectors.integration;

/** Credentials that cannot be used; the message never holds the secret. */
public final class InvalidCredentialsException extends IllegalArgumentException {
  public InvalidCredentialsException(String message) {
    super(message);
  }
}
