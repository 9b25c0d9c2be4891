package dev.runlog.engine.rest;

/** A request the API refuses, with the HTTP status and the message it answers. */
public final class ApiError extends RuntimeException {
  private final int status;

  public ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
