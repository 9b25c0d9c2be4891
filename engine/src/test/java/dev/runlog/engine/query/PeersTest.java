package dev.runlog.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PeersTest {

  /** Each id stays one segment and comes back whole from the URI a peer is asked with. */
  @Test
  void pathSegmentsAreEncodedWhole() {
    for (String id :
        new String[] {"a b", "x\"y", "x#y", "x?y", "a/b", "100%", "x+y", "ünïcødé 東京"}) {
      String path = Peers.path("api", "internal", "runs", id, "events");
      URI uri = URI.create("http://localhost:1" + path);
      assertEquals("/api/internal/runs/" + id + "/events", uri.getPath(), path);
      assertEquals(5, uri.getRawPath().split("/").length - 1, path);
    }
  }

  @Test
  void queryParametersAreEncodedAndNullsLeftOut() {
    assertEquals(
        "?limit=5&cursor=a%2Bb%26c%3Dd",
        Peers.query("limit", "5", "status", null, "cursor", "a+b&c=d"));
    assertEquals("", Peers.query("status", null));
  }
}
