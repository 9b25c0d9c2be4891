package dev.runlog.engine.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runlog.engine.store.JsonSerde;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's refusals in the API's error shape instead of its HTML page: requests refused before
 * Javalin sees them, such as a URI Jetty will not take ({@code %2F} in a path), a header block or a
 * URI that is too long, or a request line it cannot parse.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    byte[] body = body(code, message);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    if (code == 503) {
      response.setHeader(Json.RETRY_AFTER, "1");
    }
    response.getOutputStream().write(body);
    baseRequest.setHandled(true);
  }

  /** A request Jetty could not even parse: answered from the connection, without a servlet. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int code, String message) {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    try {
      return JsonSerde.MAPPER.writeValueAsBytes(Map.of("error", text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
