package dev.runlog.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.RunWatch;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OpenApiTest {

  /** The document lists exactly the public endpoints the server registers, method by method. */
  @Test
  void theDocumentMatchesTheEndpoints() throws Exception {
    List<Route> routes;
    try (RunsApi runs = new RunsApi(() -> null, null, new RunWatch());
        ChangesApi changes = new ChangesApi(() -> null, new RunWatch())) {
      routes =
          RestServer.routes(
              new JobsApi(
                  () -> null, null, Clock.systemUTC(), new RunWatch(), runs.longPoll(), null),
              runs,
              new ListingsApi(() -> null),
              changes,
              new SourcesApi(() -> null, null, null, Clock.systemUTC()),
              new SchedulesApi(() -> null, () -> null, null, null, Clock.systemUTC()),
              new WebhooksApi(null),
              new ConnectionsApi(
                  () -> null, () -> null, null, java.util.Optional.empty(), Clock.systemUTC()),
              new HealthApi(Readiness.READY),
              () -> "");
    }
    Set<String> served = new TreeSet<>();
    for (Route route : routes) {
      if (!route.internal()) {
        served.add(route.method().name().toLowerCase() + " " + route.path());
      }
    }
    JsonNode doc = JsonSerde.MAPPER.readTree(RestServer.openApi());
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      doc.path("paths")
          .path(path)
          .fieldNames()
          .forEachRemaining(method -> documented.add(method + " " + path));
    }
    assertEquals(served, documented);
  }

  /**
   * The document says what the server does: a bearer key everywhere, with 401 and 403, but for the
   * health probes and the webhooks (whose 401 is for a bad signature).
   */
  @Test
  void everyOperationButTheProbesNeedsABearerKey() throws Exception {
    JsonNode doc = JsonSerde.MAPPER.readTree(RestServer.openApi());
    assertEquals(
        "bearer",
        doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText());
    assertEquals("[{\"bearer\":[]}]", doc.path("security").toString());
    Authenticator auth = new Authenticator(ApiKeys.parse("admin=0123456789abcdef"), false);
    List<Route> routes;
    try (RunsApi runs = new RunsApi(() -> null, null, new RunWatch());
        ChangesApi changes = new ChangesApi(() -> null, new RunWatch())) {
      routes =
          RestServer.routes(
              new JobsApi(
                  () -> null, null, Clock.systemUTC(), new RunWatch(), runs.longPoll(), null),
              runs,
              new ListingsApi(() -> null),
              changes,
              new SourcesApi(() -> null, null, null, Clock.systemUTC()),
              new SchedulesApi(() -> null, () -> null, null, null, Clock.systemUTC()),
              new WebhooksApi(null),
              new ConnectionsApi(
                  () -> null, () -> null, null, java.util.Optional.empty(), Clock.systemUTC()),
              new HealthApi(Readiness.READY),
              () -> "");
    }
    for (Route route : routes) {
      if (route.internal()) {
        continue;
      }
      JsonNode op = doc.path("paths").path(route.path()).path(route.method().name().toLowerCase());
      boolean open = auth.required(route).isEmpty();
      assertEquals(
          open,
          op.path("security").isArray() && op.path("security").isEmpty(),
          route.path() + ": security " + op.path("security"));
      // a webhook needs no key, but answers 401 to a request whose signature is wrong
      boolean answers401 = !open || route.access() == Route.Access.SIGNED;
      assertEquals(
          answers401,
          op.path("responses").has("401"),
          route.path() + ": 401 " + op.path("responses"));
    }
  }
}
