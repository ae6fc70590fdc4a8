package io.apiguard.detection.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.apiguard.common.events.ActorKeys;
import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.identity.Fingerprints;

/**
 * The actors a call is repartitioned to on {@code apiguard.detection.calls}: the call stream is keyed by subject, so
 * what detectors count per client address, per credential apiguard could not verify or per login API is rebuilt there,
 * keyed by that actor, where every call of one actor lands on one partition whatever the subject. Immutable.
 *
 * <ul>
 *   <li>{@code ip:<address>}: every call with a client address;
 *   <li>{@code fp:<fingerprint>}: a call whose credential was not verified (a verified one is its subject's, already
 *       whole on the call stream);
 *   <li>{@code login:<api id>}: a call to a configured login operation ({@code METHOD template});
 *   <li>{@code acct:<api id>|<target account>}: such a call whose record names the account it tries
 *       ({@code inspection.targetAccount}, a keyed fingerprint the sidecar fills; anything else there is ignored).
 * </ul>
 */
public final class ActorRouting {

    /** Prefix of the key of a login API. */
    public static final String LOGIN_PREFIX = "login:";

    /** Prefix of the key of an account a login targets, on one login API. */
    public static final String ACCOUNT_PREFIX = "acct:";

    /** Longest actor key accepted off the repartitioned stream (an address, a fingerprint, an API id, prefixed). */
    public static final int MAX_KEY_LENGTH = 300;

    private final Set<String> loginOperations;

    /** @param loginOperations the login operations, as {@code METHOD template} ({@code POST /login}) */
    public ActorRouting(List<String> loginOperations) {
        this.loginOperations =
                loginOperations.stream().map(ActorRouting::normalized).collect(Collectors.toUnmodifiableSet());
    }

    /** Routing with the default login operations, for tests and benchmarks outside CDI. */
    public static ActorRouting defaults() {
        return new ActorRouting(DEFAULT_LOGIN_OPERATIONS);
    }

    /** What {@code apiguard.detection.login-failures.operations} defaults to. */
    public static final List<String> DEFAULT_LOGIN_OPERATIONS = List.of(
            "POST /login", "POST /signin", "POST /auth/login", "POST /api/login", "POST /session", "POST /oauth/token");

    /** The actor keys of {@code call}, each once; empty when it names none. */
    public List<String> keys(ApiCallRecord call) {
        List<String> keys = new ArrayList<>(3);
        String ip = call.source() == null ? null : call.source().clientIp();
        if (ip != null && !ip.isBlank()) {
            keys.add(ActorKeys.ofAddress(ip));
        }
        String fingerprint = call.identity().credentialFingerprint();
        if (!call.identity().verified() && fingerprint != null && !fingerprint.isBlank()) {
            keys.add(ActorKeys.ofFingerprint(fingerprint));
        }
        if (isLogin(call)) {
            keys.add(LOGIN_PREFIX + loginApi(call));
            String account = targetAccount(call);
            if (account != null) {
                keys.add(ACCOUNT_PREFIX + loginApi(call) + '|' + account);
            }
        }
        keys.removeIf(key -> key.length() > MAX_KEY_LENGTH);
        return keys;
    }

    /** True when {@code call} is to a configured login operation. */
    public boolean isLogin(ApiCallRecord call) {
        String template = call.api().pathTemplate() != null
                ? call.api().pathTemplate()
                : call.api().path();
        return template != null
                && loginOperations.contains(normalized(call.api().method() + ' ' + template));
    }

    /** The account a login call targets, as the sidecar fingerprinted it, or null. */
    public static String targetAccount(ApiCallRecord call) {
        String account = call.inspection() == null ? null : call.inspection().targetAccount();
        // Only a keyed fingerprint is believed: a producer's other values (a name in clear) count for nobody.
        return Fingerprints.isKeyed(account) ? account : null;
    }

    /** What a login API is known by: its inventory id, else its host. */
    public static String loginApi(ApiCallRecord call) {
        return call.api().apiId() != null ? call.api().apiId() : call.api().host();
    }

    /** True when {@code key} is one {@link #keys} writes: what the consumer of the repartitioned stream accepts. */
    public static boolean validKey(String key) {
        return key != null
                && key.length() <= MAX_KEY_LENGTH
                && (ActorKeys.isAddress(key)
                        || ActorKeys.isFingerprint(key)
                        || key.startsWith(LOGIN_PREFIX)
                        || key.startsWith(ACCOUNT_PREFIX))
                && key.indexOf(':') < key.length() - 1;
    }

    private static String normalized(String operation) {
        String trimmed = operation.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("a login operation is METHOD template, e.g. POST /login: " + operation);
        }
        return trimmed.substring(0, space).toUpperCase(Locale.ROOT)
                + ' '
                + trimmed.substring(space + 1).trim();
    }
}
