package io.apiguard.sidecar.inspection;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which account a login call tries to sign in to, for detection's per-account counts: the calls to the login
 * operations, where their username is, and the key the username is fingerprinted with.
 */
@ConfigMapping(prefix = "apiguard.sidecar.login-targets")
public interface LoginTargetsConfig {

    /** Whether login calls carry their target account (also needs {@link #key()}). */
    @WithDefault("true")
    boolean enabled();

    /** The login operations, as {@code METHOD template}: the same list as detection's {@code login-failures.operations}. */
    @WithDefault("POST /login,POST /signin,POST /auth/login,POST /api/login,POST /session,POST /oauth/token")
    List<String> operations();

    /** Top-level fields of a JSON or form body that name the account, the first present wins. */
    @WithDefault("username,email,login")
    List<String> fields();

    /** A request header that names the account (read before the body), e.g. {@code X-Login-User}; none when unset. */
    Optional<String> header();

    /**
     * The key usernames are fingerprinted with (HMAC-SHA256), the same in every sidecar so that one account is one
     * fingerprint wherever it is attacked; at least 16 characters. Unset: no call carries a target account (a plain hash
     * of a username is undone by anyone with a list of usernames).
     */
    Optional<String> key();
}
