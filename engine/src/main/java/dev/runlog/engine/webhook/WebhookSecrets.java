package dev.runlog.engine.webhook;

import dev.runlog.connectors.webhook.SecretRef;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The secrets webhook sources name, looked up where their spec says: an environment variable of the
 * engine's process, or an engine setting {@code webhook.secret.<name>} (from the settings file, a
 * {@code -D} option, or {@code RUNLOG_WEBHOOK_SECRET_<NAME>}). Never logged, never printed: {@link
 * #toString()} names the settings only.
 */
public final class WebhookSecrets {
  /** None from settings; environment variables from this process. */
  public static final WebhookSecrets ENVIRONMENT = new WebhookSecrets(Map.of(), System::getenv);

  private final Map<String, String> settings;
  private final UnaryOperator<String> env;

  /**
   * @param settings by name: {@code github} for the setting {@code webhook.secret.github}
   * @param env the environment ({@code System::getenv}, or a map's {@code get} in tests)
   */
  public WebhookSecrets(Map<String, String> settings, UnaryOperator<String> env) {
    this.settings = Map.copyOf(settings);
    this.env = env;
  }

  /** The {@code webhook.secret.*} settings among {@code props}, by name. */
  public static WebhookSecrets fromSettings(Map<String, String> props) {
    Map<String, String> secrets = new TreeMap<>();
    props.forEach(
        (key, value) -> {
          if (key.startsWith(SecretRef.Setting.PREFIX)
              && key.length() > SecretRef.Setting.PREFIX.length()) {
            secrets.put(key.substring(SecretRef.Setting.PREFIX.length()), value);
          }
        });
    return new WebhookSecrets(secrets, System::getenv);
  }

  /**
   * These secrets and {@code name} = {@code secret} (the setting {@code webhook.secret.<name>}).
   */
  public WebhookSecrets with(String name, String secret) {
    Map<String, String> more = new TreeMap<>(settings);
    more.put(name, secret);
    return new WebhookSecrets(more, env);
  }

  /** The secret's bytes (UTF-8), empty when it is not set or is blank. */
  public Optional<byte[]> resolve(SecretRef ref) {
    String value =
        ref instanceof SecretRef.Env e
            ? env.apply(e.name())
            : settings.get(((SecretRef.Setting) ref).name());
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "WebhookSecrets" + settings.keySet(); // names, never values
  }
}
