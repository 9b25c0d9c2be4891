package dev.runlog.engine.rest;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One endpoint of the API; the list of them is what the server registers and what the OpenAPI test checks. */
public record Route(HandlerType method, String path, Handler handler, boolean internal) {
  static Route get(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler, false);
  }

  static Route post(String path, Handler handler) {
    return new Route(HandlerType.POST, path, handler, false);
  }

  static Route delete(String path, Handler handler) {
    return new Route(HandlerType.DELETE, path, handler, false);
  }

  /** An endpoint engine instances call on each other, left out of the public document. */
  static Route internal(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler, true);
  }
}
