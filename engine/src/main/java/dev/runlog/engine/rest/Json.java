package dev.runlog.engine.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runlog.engine.store.JsonSerde;
import io.javalin.http.Context;
import java.util.Map;

/** Writing answers: a JSON body, or the one error shape {@code {"error": "..."}}. */
final class Json {
  static final String RETRY_AFTER = "Retry-After";

  private Json() {}

  static void send(Context ctx, Object body) {
    try {
      ctx.contentType("application/json").result(JsonSerde.MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The error answer; a 503 also says when to try again (it is always soon: starting, rebalancing).
   */
  static void error(Context ctx, int status, String message) {
    if (status == 503) {
      ctx.header(RETRY_AFTER, "1");
    }
    send(ctx.status(status), Map.of("error", message));
  }
}
