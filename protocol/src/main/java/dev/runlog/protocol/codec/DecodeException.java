package dev.runlog.protocol.codec;

/** Bytes that are not a record this version of runlog can read; the message says why. */
public final class DecodeException extends RuntimeException {
  public DecodeException(String message, Throwable cause) {
    super(message, cause);
  }

  public DecodeException(String message) {
    super(message);
  }
}
