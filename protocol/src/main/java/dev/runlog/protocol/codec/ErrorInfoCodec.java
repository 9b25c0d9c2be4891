package dev.runlog.protocol.codec;

import dev.runlog.protocol.run.ErrorInfo;

final class ErrorInfoCodec {
  private ErrorInfoCodec() {}

  static dev.runlog.protocol.avro.ErrorInfo toAvro(ErrorInfo e) {
    return e == null
        ? null
        : new dev.runlog.protocol.avro.ErrorInfo(e.type(), e.message(), e.stackTrace());
  }

  static ErrorInfo fromAvro(dev.runlog.protocol.avro.ErrorInfo e) {
    return e == null ? null : new ErrorInfo(e.getType(), e.getMessage(), e.getStackTrace());
  }
}
