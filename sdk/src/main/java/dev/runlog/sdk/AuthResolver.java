package dev.runlog.sdk;

import dev.runlog.connectors.integration.Credentials;

/**
 * Gives an integration's credentials for a run, in the worker ("bring your own auth"): called
 * before each execution, so that nothing secret is stored. Throwing, returning null or taking
 * longer than the worker's {@code auth.resolver.timeout.ms} (10 s) ends the run UNRESOLVED_AUTH,
 * with the reason, before its code runs.
 *
 * <pre>{@code
 * AuthResolver github = ctx -> Credentials.bearer(vault.tokenFor(ctx.account()));
 * }</pre>
 */
@FunctionalInterface
public interface AuthResolver {
  Credentials resolve(Context context) throws Exception;
}
