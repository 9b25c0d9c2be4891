package dev.runlog.engine.rest;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/** What every request with a body must be: JSON, and at most {@link #MAX_BODY_BYTES}. */
final class Requests {
  /** 1 MB: an event's payload is meant to be small (it is copied into every run it starts). */
  static final int MAX_BODY_BYTES = 1_000_000;

  private Requests() {}

  /**
   * Refuses a body that is not declared {@code application/json} (any parameters, but a charset
   * other than UTF-8, which is all JSON may be). This is also the cross-site guard: a web page can
   * make a browser send a form or {@code text/plain} POST to another origin without asking, but not
   * an {@code application/json} one (that needs a CORS preflight, which this server never grants).
   * So mutating routes demand it even when they read no body (cancel, replay).
   */
  static void requireJson(Context ctx) {
    String declared = ctx.header("Content-Type");
    if (declared == null || declared.isBlank()) {
      throw new ApiError(415, "Content-Type must be application/json, and the request has none");
    }
    String[] parts = declared.split(";");
    boolean json = parts[0].strip().equalsIgnoreCase("application/json");
    for (int i = 1; json && i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param[0].strip().equalsIgnoreCase("charset") && param.length == 2) {
        String charset = param[1].strip().replace("\"", "");
        json = charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
      }
    }
    if (!json) {
      throw new ApiError(415, "Content-Type must be application/json (UTF-8), not " + declared);
    }
  }

  /** Refuses a body declared larger than the limit before reading any of it. */
  static void requireSize(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge();
    }
  }

  /**
   * The body, read up to the limit: a chunked body declares no length, so the limit is checked
   * while reading too (Javalin's own check only looks at Content-Length).
   */
  static byte[] body(Context ctx) {
    requireSize(ctx);
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  /**
   * The body as a JSON object, or a 400 that says it is not one: {@code "bad <what>: ..."}, and
   * what was {@code expected}.
   */
  static com.fasterxml.jackson.databind.JsonNode jsonObject(
      Context ctx, String what, String expected) {
    try {
      var body = dev.runlog.engine.store.JsonSerde.MAPPER.readTree(body(ctx));
      if (body == null || !body.isObject()) {
        throw new ApiError(400, "bad " + what + ": the body must be a JSON object " + expected);
      }
      return body;
    } catch (IOException e) {
      throw new ApiError(400, "bad " + what + ": the body is not JSON: " + e.getMessage());
    }
  }

  static boolean carriesBody(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "POST", "PUT", "PATCH" -> true;
      default -> false;
    };
  }

  private static ApiError tooLarge() {
    return new ApiError(413, "the request body is over the limit of " + MAX_BODY_BYTES + " bytes");
  }
}
