package dev.runlog.engine.rest;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One endpoint of the API; the list of them is what the server registers, what the OpenAPI test
 * checks and what the authentication test walks.
 */
public record Route(
    HandlerType method, String path, Handler handler, boolean internal, Access access) {

  /** Who may call a route when API keys are configured (with none, everyone may). */
  public enum Access {
    /**
     * A key whose role fits the method: {@code read} for a GET, {@code admin} for anything else.
     * The default.
     */
    KEY,
    /** {@code /metrics}: a key of any role, or no key with {@code metrics.auth=none}. */
    METRICS,
    /** No key: the health probes only, which an orchestrator calls without credentials. */
    OPEN,
    /**
     * No key, and a body that need not be JSON: a webhook, whose sender cannot send a key; the
     * request's signature, which the route checks itself before reading the body, is its
     * credential. (Not a cross-site risk: a page cannot sign a forged request.)
     */
    SIGNED
  }

  static Route get(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler, false, Access.KEY);
  }

  static Route post(String path, Handler handler) {
    return new Route(HandlerType.POST, path, handler, false, Access.KEY);
  }

  static Route put(String path, Handler handler) {
    return new Route(HandlerType.PUT, path, handler, false, Access.KEY);
  }

  static Route delete(String path, Handler handler) {
    return new Route(HandlerType.DELETE, path, handler, false, Access.KEY);
  }

  /**
   * An endpoint engine instances call on each other, left out of the public document; it needs a
   * key like the others.
   */
  static Route internal(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler, true, Access.KEY);
  }

  /** A GET that answers without a key. */
  static Route open(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler, false, Access.OPEN);
  }

  static Route metrics(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler, false, Access.METRICS);
  }
}
