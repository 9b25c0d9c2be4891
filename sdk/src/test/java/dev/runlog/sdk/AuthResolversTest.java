package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.http.Http;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.slack.Slack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthResolversTest {
  private static final Context CONTEXT =
      new Context(
          "run_1",
          "job",
          "1",
          "evt_1",
          "e",
          Instant.parse("2026-11-29T12:00:00Z"),
          Map.of("accountId", "acme"),
          "dev",
          "default",
          1);

  private final AuthResolvers resolvers = new AuthResolvers(Duration.ofMillis(200));
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void close() {
    never.countDown();
    resolvers.close();
  }

  private static DeclaredIntegration resolved(String name, AuthResolver resolver) {
    return new DeclaredIntegration(name, Http.INTEGRATION, Auth.resolver(resolver), null);
  }

  @Test
  void eachResolverIsCalledWithTheRunsContextAndItsCredentialsKeptByName() throws Exception {
    AtomicReference<String> asked = new AtomicReference<>();
    AuthResolvers.Outcome outcome =
        resolvers.resolve(
            List.of(
                new DeclaredIntegration("slack", Slack.INTEGRATION, Auth.managed(), null),
                resolved(
                    "crm",
                    ctx -> {
                      asked.set(ctx.account());
                      return Credentials.bearer("t-" + ctx.account());
                    })),
            CONTEXT);
    assertEquals(new AuthResolvers.Resolved(Map.of("crm", Credentials.bearer("t-acme"))), outcome);
    assertEquals("acme", asked.get());
    assertTrue(!outcome.toString().contains("t-acme"), outcome.toString());
  }

  @Test
  void aResolverThatThrowsReturnsNullOrHangsGivesItsReason() throws Exception {
    assertEquals(
        new AuthResolvers.Unresolved(
            "crm", "its auth resolver threw java.lang.IllegalStateException: vault is sealed"),
        resolvers.resolve(
            List.of(
                resolved(
                    "crm",
                    ctx -> {
                      throw new IllegalStateException("vault is sealed");
                    })),
            CONTEXT));
    assertEquals(
        new AuthResolvers.Unresolved("crm", "its auth resolver returned no credentials (null)"),
        resolvers.resolve(List.of(resolved("crm", ctx -> null)), CONTEXT));
    assertEquals(
        new AuthResolvers.Unresolved("slow", "its auth resolver did not answer within 200 ms"),
        resolvers.resolve(
            List.of(
                resolved(
                    "slow",
                    ctx -> {
                      never.await();
                      return Credentials.bearer("late");
                    })),
            CONTEXT));
  }

  @Test
  void theFirstThatFailsEndsIt() throws Exception {
    AtomicReference<Boolean> secondCalled = new AtomicReference<>(false);
    AuthResolvers.Outcome outcome =
        resolvers.resolve(
            List.of(
                resolved("a", ctx -> null),
                resolved(
                    "b",
                    ctx -> {
                      secondCalled.set(true);
                      return Credentials.bearer("b");
                    })),
            CONTEXT);
    assertEquals("a", ((AuthResolvers.Unresolved) outcome).name());
    assertEquals(false, secondCalled.get());
  }

  @Test
  void theTimeoutIsAWorkerSetting() {
    assertEquals(Duration.ofSeconds(10), AuthResolvers.timeoutOf(Optional.empty()));
    assertEquals(Duration.ofMillis(1500), AuthResolvers.timeoutOf(Optional.of("1500")));
    assertThrows(IllegalArgumentException.class, () -> AuthResolvers.timeoutOf(Optional.of("0")));
    assertThrows(IllegalArgumentException.class, () -> AuthResolvers.timeoutOf(Optional.of("10s")));
  }
}
