package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook source proves a request came from its sender: an HMAC of the raw body under a
 * shared secret, in a header. Checked over the bytes as received, before anything is parsed, and
 * compared in constant time ({@link MessageDigest#isEqual}) so that the time of a refusal says
 * nothing about how much of a forged signature was right. A refusal's reason never holds the
 * signature or the secret.
 */
public sealed interface Signature {

  /** Empty when {@code request} is signed with {@code secret}; else why it is refused. */
  Optional<String> check(WebhookRequest request, byte[] secret, Instant now);

  /** Where the secret is; empty for {@link None}. */
  Optional<SecretRef> secret();

  /** The spec's {@code type}: github, stripe, hmac or none. */
  String type();

  /** How a signature header spells the MAC's bytes. */
  enum Encoding {
    HEX,
    BASE64;

    byte[] decode(String text) {
      return switch (this) {
        case HEX -> HexFormat.of().parseHex(text);
        case BASE64 -> Base64.getDecoder().decode(text);
      };
    }
  }

  /**
   * The MAC of the body alone, in {@code header}, as {@code prefix} then the MAC in {@code
   * encoding}. GitHub's is one of them: {@code X-Hub-Signature-256: sha256=<hex of HMAC-SHA256>}.
   */
  record Hmac(
      String type,
      SecretRef secretRef,
      String header,
      String algorithm,
      Encoding encoding,
      String prefix)
      implements Signature {
    public static final String GITHUB_HEADER = "X-Hub-Signature-256";

    static Hmac github(SecretRef secret) {
      return new Hmac("github", secret, GITHUB_HEADER, "HmacSHA256", Encoding.HEX, "sha256=");
    }

    @Override
    public Optional<String> check(WebhookRequest request, byte[] secret, Instant now) {
      Optional<String> value = request.header(header);
      if (value.isEmpty() || value.get().isBlank()) {
        return Optional.of("the request has no " + header + " header");
      }
      String text = value.get().strip();
      if (!text.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return Optional.of("the " + header + " header does not start with " + prefix);
      }
      byte[] given;
      try {
        given = encoding.decode(text.substring(prefix.length()));
      } catch (IllegalArgumentException e) {
        return Optional.of(
            "the " + header + " header is not " + encoding.name().toLowerCase(Locale.ROOT));
      }
      return MessageDigest.isEqual(mac(algorithm, secret, request.body()), given)
          ? Optional.empty()
          : Optional.of("the " + header + " signature does not match the body");
    }

    @Override
    public Optional<SecretRef> secret() {
      return Optional.of(secretRef);
    }
  }

  /**
   * Stripe's: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]}, each {@code v1} an
   * HMAC-SHA256 of {@code "<t>.<body>"}; any one matching is enough (Stripe sends several while a
   * secret is rolled). A {@code t} further than {@code tolerance} from now, either way, is refused:
   * a captured request cannot be replayed later (the default, 300 s, is Stripe's).
   */
  record Stripe(SecretRef secretRef, Duration tolerance) implements Signature {
    public static final String HEADER = "Stripe-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    @Override
    public Optional<String> check(WebhookRequest request, byte[] secret, Instant now) {
      Optional<String> value = request.header(HEADER);
      if (value.isEmpty() || value.get().isBlank()) {
        return Optional.of("the request has no " + HEADER + " header");
      }
      String timestamp = null;
      List<byte[]> signatures = new ArrayList<>();
      for (String item : value.get().split(",")) {
        String[] kv = item.strip().split("=", 2);
        if (kv.length != 2) {
          continue;
        }
        if (kv[0].equals("t")) {
          timestamp = kv[1];
        } else if (kv[0].equals("v1")) {
          try {
            signatures.add(HexFormat.of().parseHex(kv[1]));
          } catch (IllegalArgumentException e) {
            // not hex: cannot match; the others may
          }
        }
      }
      if (timestamp == null || !timestamp.matches("[0-9]{1,12}")) {
        return Optional.of("the " + HEADER + " header has no timestamp t=<unix seconds>");
      }
      if (signatures.isEmpty()) {
        return Optional.of("the " + HEADER + " header has no v1 signature");
      }
      Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
      if (Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
        return Optional.of(
            "the "
                + HEADER
                + " timestamp "
                + signedAt
                + " is more than "
                + tolerance.toSeconds()
                + " s from now ("
                + now
                + "): a replay, or a clock that is off");
      }
      byte[] body = request.body();
      byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
      byte[] signed = new byte[prefix.length + body.length];
      System.arraycopy(prefix, 0, signed, 0, prefix.length);
      System.arraycopy(body, 0, signed, prefix.length, body.length);
      byte[] expected = mac("HmacSHA256", secret, signed);
      boolean any = false;
      for (byte[] given : signatures) {
        any |= MessageDigest.isEqual(expected, given); // every one compared: no early exit
      }
      return any
          ? Optional.empty()
          : Optional.of("no v1 signature of the " + HEADER + " header matches the body");
    }

    @Override
    public Optional<SecretRef> secret() {
      return Optional.of(secretRef);
    }

    @Override
    public String type() {
      return "stripe";
    }
  }

  /** No signature: anyone who can reach the engine may send. Only when the spec says so. */
  record None() implements Signature {
    @Override
    public Optional<String> check(WebhookRequest request, byte[] secret, Instant now) {
      return Optional.empty();
    }

    @Override
    public Optional<SecretRef> secret() {
      return Optional.empty();
    }

    @Override
    public String type() {
      return "none";
    }
  }

  /** The algorithms {@code hmac} takes. */
  List<String> ALGORITHMS = List.of("HmacSHA1", "HmacSHA256", "HmacSHA512");

  static byte[] mac(String algorithm, byte[] secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret, algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  /** Reads a spec's {@code signature} object. */
  static Signature parse(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new InvalidSourceException(
          "signature is required: {\"type\": \"github\"|\"stripe\"|\"hmac\", \"secret\": {\"env\":"
              + " \"VARIABLE\"}}, or {\"type\": \"none\"} to accept unsigned requests from anyone");
    }
    Fields fields = Fields.of("signature", node);
    String type = fields.requiredText("type");
    return switch (type) {
      case "github" -> {
        fields.only("type", "secret");
        yield Hmac.github(SecretRef.parse(node.get("secret")));
      }
      case "stripe" -> {
        fields.only("type", "secret", "toleranceSeconds");
        long seconds =
            fields.optionalLong("toleranceSeconds", Stripe.DEFAULT_TOLERANCE.toSeconds());
        if (seconds < 1 || seconds > 86_400) {
          throw new InvalidSourceException(
              "signature.toleranceSeconds must be from 1 to 86400, was " + seconds);
        }
        yield new Stripe(SecretRef.parse(node.get("secret")), Duration.ofSeconds(seconds));
      }
      case "hmac" -> {
        fields.only("type", "secret", "header", "algorithm", "encoding", "prefix");
        String algorithm = fields.optionalText("algorithm", "HmacSHA256");
        if (!ALGORITHMS.contains(algorithm)) {
          throw new InvalidSourceException(
              "signature.algorithm must be one of " + ALGORITHMS + ", not " + algorithm);
        }
        String encoding = fields.optionalText("encoding", "hex");
        if (!encoding.equals("hex") && !encoding.equals("base64")) {
          throw new InvalidSourceException(
              "signature.encoding must be hex or base64, not " + encoding);
        }
        String header = Fields.headerName("signature.header", fields.requiredText("header"));
        yield new Hmac(
            "hmac",
            SecretRef.parse(node.get("secret")),
            header,
            algorithm,
            Encoding.valueOf(encoding.toUpperCase(Locale.ROOT)),
            fields.optionalText("prefix", ""));
      }
      case "none" -> {
        fields.only("type");
        yield new None();
      }
      default ->
          throw new InvalidSourceException(
              "signature.type must be github, stripe, hmac or none, not " + type);
    };
  }
}
