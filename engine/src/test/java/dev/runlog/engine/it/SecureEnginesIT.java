package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.rest.ApiKeys;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.engine.rest.SelfSigned;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two engine instances with API keys, serving HTTPS: each answers for the runs the other owns, so a
 * forwarded query carries a key the peer accepts, over TLS the peer trusts. The instances share one
 * keystore (a certificate for localhost, their advertised host) and one set of keys.
 */
class SecureEnginesIT extends OnRealBroker {
  private static final String ADMIN = ApiKeys.newKey();
  private static final String READ = ApiKeys.newKey();

  @Test
  void twoInstancesWithKeysAndTlsAnswerForEachOther() throws Exception {
    Path dir = Files.createTempDirectory("runlog-tls");
    try {
      RestSettings.Tls tls = SelfSigned.keystore(dir, "engine.p12");
      RestSettings rest =
          RestSettings.loopback()
              .withTls(tls)
              .withKeys(
                  ApiKeys.parse("admin=" + ADMIN + ",read=" + READ),
                  ApiKeys.firstReadKey("admin=" + ADMIN + ",read=" + READ));
      Job<Order> job =
          Job.define(
              "secure",
              "secure.run",
              Order.class,
              (order, io, ctx) -> io.runTask("echo", String.class, () -> order.item()));
      try (RunlogEngine a = cluster.engine("sec", "sec-a", 4, rest);
          RunlogEngine b = cluster.engine("sec", "sec-b", 4, rest);
          Worker worker = Worker.start(cluster.worker("sec", "w"), List.of(job));
          RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "sec", Map.of())) {
        assertTrue(a.url().startsWith("https://localhost:"), a.url());
        HttpClient https = HttpClient.newBuilder().sslContext(SelfSigned.trusting(tls)).build();
        Api readA = new Api(a.url(), https, READ);
        Api readB = new Api(b.url(), https, READ);
        readA.awaitJob("secure");
        Api.awaitSpread(a, 2);
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          runIds.add(
              readA
                  .awaitRunOfEvent(client.send("secure.run", new Order("item-" + i)), "SUCCESS")
                  .path("id")
                  .asText());
        }
        Set<String> owners = new HashSet<>();
        for (String runId : runIds) {
          owners.add(a.ownerOf(runId));
          for (Api api : List.of(readA, readB)) {
            Api.Answer run = api.get("/api/runs/" + runId);
            assertEquals(200, run.status(), runId + " owned by " + a.ownerOf(runId) + ": " + run);
            assertEquals("SUCCESS", run.body().path("status").asText());
            assertEquals(200, api.get("/api/runs/" + runId + "/events").status());
          }
        }
        assertEquals(
            2,
            owners.size(),
            "the runs are not spread over both instances, nothing was forwarded: " + owners);
        for (Api api : List.of(readA, readB)) { // a listing merges both instances' parts
          assertEquals(8, api.get("/api/jobs/secure/runs?limit=50").body().path("runs").size());
        }

        Api anonymous = new Api(a.url(), https, null);
        assertEquals(401, anonymous.get("/api/runs/" + runIds.get(0)).status());
        assertEquals(401, anonymous.get("/api/internal/runs/" + runIds.get(0)).status());
        assertEquals(403, readB.post("/api/runs/" + runIds.get(0) + "/replay", "{}").status());
        Api.Answer replay =
            new Api(b.url(), https, ADMIN).post("/api/runs/" + runIds.get(0) + "/replay", "{}");
        assertEquals(202, replay.status(), replay.toString());
        readA.await(
            "/api/runs/" + replay.body().path("runId").asText(),
            r -> r.status() == 200 && r.body().path("status").asText().equals("SUCCESS"));
      }
    } finally {
      TestCluster.delete(dir);
    }
  }
}
