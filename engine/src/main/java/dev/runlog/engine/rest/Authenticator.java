package dev.runlog.engine.rest;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;

/**
 * Checks a request's API key against what its route needs: nothing when no key is configured or the
 * route is open, else {@code Authorization: Bearer <key>} with a role that fits (see {@link Role},
 * {@link Route.Access}). Refuses with 401 (no key, or one it does not know) and {@code
 * WWW-Authenticate: Bearer}, or 403 (a known key whose role is too small).
 */
final class Authenticator {
  static final String CHALLENGE = "Bearer realm=\"runlog\"";
  private static final String BEARER = "Bearer ";
  private final ApiKeys keys;
  private final boolean metricsOpen;

  /** {@code metricsOpen}: {@code /metrics} answers without a key ({@code metrics.auth=none}). */
  Authenticator(ApiKeys keys, boolean metricsOpen) {
    this.keys = keys;
    this.metricsOpen = metricsOpen;
  }

  /** The role {@code route} needs, or empty when it needs no key. */
  Optional<Role> required(Route route) {
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    return switch (route.access()) {
      case OPEN, SIGNED -> Optional.empty();
      case METRICS -> metricsOpen ? Optional.empty() : Optional.of(Role.METRICS);
      case KEY ->
          Optional.of(
              route.method() == HandlerType.GET || route.method() == HandlerType.HEAD
                  ? Role.READ
                  : Role.ADMIN);
    };
  }

  /** Returns when the request may call {@code route}; throws the 401 or 403 otherwise. */
  void check(Context ctx, Route route) {
    Optional<Role> needed = required(route);
    if (needed.isEmpty()) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw unauthorized(
          ctx, "this endpoint needs an API key: send the header Authorization: Bearer <key>", null);
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw unauthorized(ctx, "the Authorization header must be Bearer <key>", "invalid_request");
    }
    ApiKeys.Key key =
        keys.match(header.substring(BEARER.length()).strip())
            .orElseThrow(() -> unauthorized(ctx, "the API key is not valid", "invalid_token"));
    if (!key.role().covers(needed.get())) {
      throw new ApiError(
          403,
          "the key "
              + key.name()
              + " ("
              + key.role().text()
              + ") may not "
              + ctx.method()
              + " "
              + ctx.path()
              + ": that needs "
              + (needed.get() == Role.ADMIN ? "an admin key" : "a read or admin key"));
    }
  }

  private static ApiError unauthorized(Context ctx, String message, String error) {
    ctx.header(
        "WWW-Authenticate", error == null ? CHALLENGE : CHALLENGE + ", error=\"" + error + "\"");
    return new ApiError(401, message);
  }
}
