package dev.runlog.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.source.InvalidSourceException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each verifier against published vectors, and the ways a signature is refused. */
class SignatureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private static final SecretRef SECRET = new SecretRef.Env("S");

  /** GitHub's documented example ("Validating webhook deliveries"). */
  private static final String GITHUB_SECRET = "It's a Secret to Everybody";

  private static final String GITHUB_BODY = "Hello, World!";
  private static final String GITHUB_SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  /** RFC 2202 / RFC 4231 test case 2: key "Jefe". */
  private static final String RFC_KEY = "Jefe";

  private static final String RFC_DATA = "what do ya want for nothing?";

  /** Computed with: printf '1700000000.<body>' | openssl dgst -sha256 -hmac whsec_test_secret */
  private static final String STRIPE_SECRET = "whsec_test_secret";

  private static final String STRIPE_BODY =
      "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";
  private static final String STRIPE_V1 =
      "22d8dc182f5c588077683bd378368e29765bfe5df2560112b4f28fef120f0e31";

  @Test
  void githubAcceptsItsDocumentedExample() {
    Signature github = Signature.Hmac.github(SECRET);
    assertEquals(
        Optional.empty(),
        github.check(
            request("X-Hub-Signature-256", GITHUB_SIGNATURE, GITHUB_BODY),
            bytes(GITHUB_SECRET),
            NOW));
    // header names are case-insensitive, as HTTP's are
    assertEquals(
        Optional.empty(),
        github.check(
            request("x-hub-signature-256", GITHUB_SIGNATURE, GITHUB_BODY),
            bytes(GITHUB_SECRET),
            NOW));
  }

  @Test
  void githubRefusesAnotherBodyAnotherSecretAndMalformedHeaders() {
    Signature github = Signature.Hmac.github(SECRET);
    assertRefused(
        "does not match",
        github.check(
            request("X-Hub-Signature-256", GITHUB_SIGNATURE, "Hello, World?"),
            bytes(GITHUB_SECRET),
            NOW));
    assertRefused(
        "does not match",
        github.check(
            request("X-Hub-Signature-256", GITHUB_SIGNATURE, GITHUB_BODY), bytes("other"), NOW));
    assertRefused(
        "has no X-Hub-Signature-256",
        github.check(new WebhookRequest(Map.of(), bytes(GITHUB_BODY)), bytes(GITHUB_SECRET), NOW));
    assertRefused(
        "does not start with sha256=",
        github.check(
            request("X-Hub-Signature-256", GITHUB_SIGNATURE.substring(7), GITHUB_BODY),
            bytes(GITHUB_SECRET),
            NOW));
    assertRefused(
        "is not hex",
        github.check(
            request("X-Hub-Signature-256", "sha256=zz", GITHUB_BODY), bytes(GITHUB_SECRET), NOW));
    assertRefused(
        "does not match", // a prefix of the right MAC is not the MAC
        github.check(
            request("X-Hub-Signature-256", GITHUB_SIGNATURE.substring(0, 41), GITHUB_BODY),
            bytes(GITHUB_SECRET),
            NOW));
  }

  @Test
  void aRefusalNeverRepeatsTheSignatureItWasGiven() {
    Optional<String> reason =
        Signature.Hmac.github(SECRET)
            .check(request("X-Hub-Signature-256", GITHUB_SIGNATURE, "x"), bytes("k"), NOW);
    assertTrue(reason.isPresent());
    assertFalse(reason.get().contains("757107ea"), reason.get());
  }

  @Test
  void hmacTakesEachAlgorithmInHexAndBase64() {
    Map<String, String[]> vectors =
        Map.of(
            "HmacSHA1",
            new String[] {
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", "7/zfauXrL6LSdBbV8YTfnCWafHk="
            },
            "HmacSHA256",
            new String[] {
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
              "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
            },
            "HmacSHA512",
            new String[] {
              "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                  + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
              "Fkt6e/z4GeLjlfvnO1bgo4e9ZCIugx/WECcM1+olBVSXWL91wFqZSm0DT2X48Ob9yuqxo01Ka0tjbgcKOLznNw=="
            });
    vectors.forEach(
        (algorithm, macs) -> {
          Signature hex =
              new Signature.Hmac("hmac", SECRET, "X-Sig", algorithm, Signature.Encoding.HEX, "");
          Signature base64 =
              new Signature.Hmac(
                  "hmac", SECRET, "X-Sig", algorithm, Signature.Encoding.BASE64, "v=");
          assertEquals(
              Optional.empty(),
              hex.check(request("X-Sig", macs[0], RFC_DATA), bytes(RFC_KEY), NOW),
              algorithm);
          assertEquals(
              Optional.empty(),
              hex.check(request("X-Sig", macs[0].toUpperCase(), RFC_DATA), bytes(RFC_KEY), NOW),
              algorithm + " in upper-case hex");
          assertEquals(
              Optional.empty(),
              base64.check(request("X-Sig", "v=" + macs[1], RFC_DATA), bytes(RFC_KEY), NOW),
              algorithm + " in base64");
          assertRefused(
              "does not match",
              hex.check(request("X-Sig", macs[0], RFC_DATA + "!"), bytes(RFC_KEY), NOW));
          assertRefused(
              "is not base64",
              base64.check(request("X-Sig", "v=%%%", RFC_DATA), bytes(RFC_KEY), NOW));
        });
  }

  @Test
  void stripeAcceptsAFreshSignatureAmongSeveral() {
    Signature stripe = new Signature.Stripe(SECRET, Duration.ofSeconds(300));
    String other = "0".repeat(64);
    assertEquals(
        Optional.empty(),
        stripe.check(
            request("Stripe-Signature", "t=1700000000,v1=" + STRIPE_V1, STRIPE_BODY),
            bytes(STRIPE_SECRET),
            NOW));
    // several v1 (a secret being rolled) and a v0 (the test-mode scheme, ignored): one is enough
    assertEquals(
        Optional.empty(),
        stripe.check(
            request(
                "Stripe-Signature",
                "t=1700000000, v1=" + other + ", v1=" + STRIPE_V1 + ", v0=" + other,
                STRIPE_BODY),
            bytes(STRIPE_SECRET),
            NOW.plusSeconds(299)));
  }

  @Test
  void stripeRefusesAnOldOrFutureTimestampAndAnotherBody() {
    Signature stripe = new Signature.Stripe(SECRET, Duration.ofSeconds(300));
    WebhookRequest signed =
        request("Stripe-Signature", "t=1700000000,v1=" + STRIPE_V1, STRIPE_BODY);
    assertRefused(
        "more than 300 s from now",
        stripe.check(signed, bytes(STRIPE_SECRET), NOW.plusSeconds(301)));
    assertRefused(
        "more than 300 s from now",
        stripe.check(signed, bytes(STRIPE_SECRET), NOW.minusSeconds(301)));
    // the timestamp is signed: moving it to look fresh breaks the signature
    assertRefused(
        "no v1 signature",
        stripe.check(
            request("Stripe-Signature", "t=1700000400,v1=" + STRIPE_V1, STRIPE_BODY),
            bytes(STRIPE_SECRET),
            NOW.plusSeconds(400)));
    assertRefused(
        "no v1 signature",
        stripe.check(
            request("Stripe-Signature", "t=1700000000,v1=" + STRIPE_V1, STRIPE_BODY + " "),
            bytes(STRIPE_SECRET),
            NOW));
    assertRefused(
        "has no timestamp",
        stripe.check(
            request("Stripe-Signature", "v1=" + STRIPE_V1, STRIPE_BODY),
            bytes(STRIPE_SECRET),
            NOW));
    assertRefused(
        "has no v1",
        stripe.check(
            request("Stripe-Signature", "t=1700000000,v0=" + STRIPE_V1, STRIPE_BODY),
            bytes(STRIPE_SECRET),
            NOW));
    assertRefused(
        "has no Stripe-Signature",
        stripe.check(new WebhookRequest(Map.of(), bytes(STRIPE_BODY)), bytes(STRIPE_SECRET), NOW));
  }

  @Test
  void specsNameTheirTypeAndSecretAndRefuseWhatCannotWork() throws Exception {
    Signature github = Signature.parse(json("{\"type\":\"github\",\"secret\":{\"env\":\"GH\"}}"));
    assertEquals("github", github.type());
    assertEquals(Optional.of(new SecretRef.Env("GH")), github.secret());
    Signature stripe =
        Signature.parse(
            json(
                "{\"type\":\"stripe\",\"secret\":{\"setting\":\"stripe\"},\"toleranceSeconds\":60}"));
    assertEquals(
        new Signature.Stripe(new SecretRef.Setting("stripe"), Duration.ofSeconds(60)), stripe);
    assertEquals(
        Duration.ofSeconds(300),
        ((Signature.Stripe)
                Signature.parse(json("{\"type\":\"stripe\",\"secret\":{\"env\":\"S\"}}")))
            .tolerance());
    assertEquals(
        new Signature.Hmac(
            "hmac",
            new SecretRef.Env("K"),
            "X-Shopify-Hmac-Sha256",
            "HmacSHA256",
            Signature.Encoding.BASE64,
            ""),
        Signature.parse(
            json(
                "{\"type\":\"hmac\",\"secret\":{\"env\":\"K\"},\"header\":\"X-Shopify-Hmac-Sha256\",\"encoding\":\"base64\"}")));
    assertEquals(new Signature.None(), Signature.parse(json("{\"type\":\"none\"}")));

    assertInvalid("signature is required", null);
    assertInvalid(
        "must name where the secret is, not hold it",
        "{\"type\":\"github\",\"secret\":\"hunter2\"}");
    assertInvalid("signature.secret is required", "{\"type\":\"github\"}");
    assertInvalid("signature.type must be", "{\"type\":\"gitlab\",\"secret\":{\"env\":\"X\"}}");
    assertInvalid(
        "signature.algorithm must be one of",
        "{\"type\":\"hmac\",\"secret\":{\"env\":\"X\"},\"header\":\"X-S\",\"algorithm\":\"HmacMD5\"}");
    assertInvalid("signature.header is required", "{\"type\":\"hmac\",\"secret\":{\"env\":\"X\"}}");
    assertInvalid(
        "toleranceSeconds must be from 1",
        "{\"type\":\"stripe\",\"secret\":{\"env\":\"X\"},\"toleranceSeconds\":0}");
    assertInvalid(
        "unknown field signature.secret", "{\"type\":\"none\",\"secret\":{\"env\":\"X\"}}");
    assertInvalid("must be {\"env\"", "{\"type\":\"github\",\"secret\":{\"file\":\"/etc/x\"}}");
  }

  private static void assertInvalid(String expected, String spec) {
    InvalidSourceException e =
        assertThrows(
            InvalidSourceException.class, () -> Signature.parse(spec == null ? null : json(spec)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static void assertRefused(String expected, Optional<String> reason) {
    assertTrue(reason.isPresent(), "expected a refusal containing: " + expected);
    assertTrue(reason.get().contains(expected), reason.get());
  }

  static WebhookRequest request(String header, String value, String body) {
    return new WebhookRequest(Map.of(header, value), bytes(body));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
