package dev.runlog.engine.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runlog.engine.query.Peers;
import dev.runlog.engine.store.JsonSerde;
import io.javalin.http.Context;
import java.util.Map;

/** Writing answers and reading common parameters. */
final class Json {
  private Json() {}

  static void send(Context ctx, Object body) {
    try {
      ctx.contentType("application/json").result(JsonSerde.MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void error(Context ctx, int status, String message) {
    send(ctx.status(status), Map.of("error", message));
  }

  /** True for a request another instance forwarded here: answer from this instance's stores only. */
  static boolean forwarded(Context ctx) {
    return ctx.header(Peers.FORWARDED_HEADER) != null;
  }
}
