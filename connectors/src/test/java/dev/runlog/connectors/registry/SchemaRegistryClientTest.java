package dev.runlog.connectors.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.testkit.Dirs;
import dev.runlog.testkit.registry.InProcessRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The client against the in-process registry (Confluent's REST API, errors as it answers them). */
class SchemaRegistryClientTest {
  private static final String ORDER =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"item\",\"type\":\"string\"}]}";
  private static final UnaryOperator<String> NO_ENV = name -> null;

  private static RegistrySettings settings(String json) throws Exception {
    return RegistrySettings.parse(new ObjectMapper().readTree(json.replace('\'', '"')));
  }

  @Test
  void aSchemaIsFetchedOnceByIdAndKept() throws Exception {
    try (InProcessRegistry registry = InProcessRegistry.start()) {
      SchemaRegistryClient client = SchemaRegistryClient.of(URI.create(registry.url() + "/"));
      int avro = client.register("orders-value", RegisteredSchema.AVRO, ORDER);
      int json = client.register("events-value", RegisteredSchema.JSON, "{\"type\":\"object\"}");
      assertEquals(avro, client.register("orders-value", RegisteredSchema.AVRO, ORDER), "again");

      assertEquals(new RegisteredSchema(avro, "AVRO", ORDER), client.byId(avro));
      assertEquals(new RegisteredSchema(avro, "AVRO", ORDER), client.byId(avro));
      assertEquals(1, registry.lookups(avro), "an id's schema never changes: asked once");
      assertEquals("JSON", client.byId(json).type(), "schemaType is given for all but Avro");
    }
  }

  @Test
  void anUnknownIdAndAnUnreachableRegistryAreToldApart() throws Exception {
    String url;
    try (InProcessRegistry registry = InProcessRegistry.start()) {
      url = registry.url();
      SchemaRegistryClient client = SchemaRegistryClient.of(URI.create(url));
      RegistryException unknown = assertThrows(RegistryException.class, () -> client.byId(42));
      assertEquals(RegistryException.Kind.UNKNOWN_ID, unknown.kind());
      assertEquals(
          "schema registry " + url + " has no schema with id 42 (404, error_code 40403)",
          unknown.getMessage());
      int id = registry.register("late-value", "AVRO", ORDER);
      assertEquals(ORDER, client.byId(id).schema(), "a miss is not kept: registered later, found");
    }
    SchemaRegistryClient client = SchemaRegistryClient.of(URI.create(url));
    RegistryException down = assertThrows(RegistryException.class, () -> client.byId(1));
    assertEquals(RegistryException.Kind.UNREACHABLE, down.kind());
    assertTrue(
        down.getMessage()
            .startsWith("schema registry " + url + " is unreachable (GET /schemas/ids/1): "),
        down.getMessage());
  }

  @Test
  void basicAuthTakesItsPasswordFromTheEnvironment() throws Exception {
    try (InProcessRegistry registry = InProcessRegistry.startWithBasicAuth("runlog", "s3cret")) {
      registry.register("s", "AVRO", ORDER);
      RegistrySettings settings =
          settings(
              "{'url': '" + registry.url() + "', 'username': 'runlog', 'passwordEnv': 'REG_PW'}");
      assertEquals(
          ORDER,
          SchemaRegistryClient.connect(settings, Map.of("REG_PW", "s3cret")::get).byId(1).schema());

      RegistryException refused =
          assertThrows(
              RegistryException.class,
              () -> SchemaRegistryClient.connect(settings, Map.of("REG_PW", "wrong")::get).byId(1));
      assertEquals(RegistryException.Kind.ERROR_ANSWER, refused.kind());
      assertTrue(
          refused.getMessage().contains("answered 401 to GET /schemas/ids/1"),
          refused.getMessage());
      assertTrue(!refused.getMessage().contains("wrong"), "never the password");

      RegistryException unset =
          assertThrows(
              RegistryException.class, () -> SchemaRegistryClient.connect(settings, NO_ENV));
      assertEquals(RegistryException.Kind.MISCONFIGURED, unset.kind());
      assertEquals(
          "the schema registry settings of this source need environment variable REG_PW, which is"
              + " not set",
          unset.getMessage());
    }
  }

  @Test
  void httpsTrustsTheGivenTruststore() throws Exception {
    Path dir = Files.createTempDirectory("registry-tls");
    try {
      Path keystore = selfSigned(dir);
      try (InProcessRegistry registry = InProcessRegistry.startHttps(keystore, "changeit")) {
        registry.register("s", "AVRO", ORDER);
        String trusting =
            "{'url': '"
                + registry.url()
                + "', 'truststore': {'path': '"
                + keystore
                + "', 'passwordEnv': 'TS_PW'}}";
        assertEquals(
            ORDER,
            SchemaRegistryClient.connect(settings(trusting), Map.of("TS_PW", "changeit")::get)
                .byId(1)
                .schema());
        RegistryException untrusted =
            assertThrows(
                RegistryException.class,
                () ->
                    SchemaRegistryClient.connect(
                            settings("{'url': '" + registry.url() + "'}"), NO_ENV)
                        .byId(1));
        assertEquals(
            RegistryException.Kind.UNREACHABLE, untrusted.kind(), "a certificate not trusted");
        RegistryException missing =
            assertThrows(
                RegistryException.class,
                () ->
                    SchemaRegistryClient.connect(
                        settings(
                            "{'url': '"
                                + registry.url()
                                + "', 'truststore': {'path': '"
                                + dir
                                + "/absent.p12', 'password': 'x'}}"),
                        NO_ENV));
        assertEquals(RegistryException.Kind.MISCONFIGURED, missing.kind());
        assertTrue(missing.getMessage().startsWith("cannot read the registry truststore "));
      }
    } finally {
      Dirs.deleteRecursively(dir);
    }
  }

  /** A PKCS12 keystore with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
  private static Path selfSigned(Path dir) throws Exception {
    Path keystore = dir.resolve("registry.p12");
    Process keytool =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "registry",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    "changeit",
                    "-keypass",
                    "changeit"))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      keytool.destroyForcibly();
      throw new IllegalStateException("keytool failed: " + output);
    }
    return keystore;
  }
}
