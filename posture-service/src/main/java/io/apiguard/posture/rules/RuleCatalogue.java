package io.apiguard.posture.rules;

import static io.apiguard.posture.traffic.TrafficStats.share;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.Severity;
import io.apiguard.posture.rules.PostureRule.Input;
import io.apiguard.posture.traffic.DataClassSeen;
import io.apiguard.posture.traffic.TrafficStats;

/**
 * Every posture rule, one declarative entry each. Inventory rules read the API and its Ingress hints (the
 * controller-neutral {@code authHints} discovery normalizes: {@code auth}, {@code rate-limit},
 * {@code cors-allow-origin}, {@code cors-allow-credentials}, {@code ssl-redirect}, {@code tls}); traffic rules read
 * the API's recent {@link TrafficStats}. Ids are stable: findings and suppressions refer to them.
 */
public final class RuleCatalogue {

    /** Path segments that name an administrative or diagnostic surface. */
    static final Set<String> ADMIN_SEGMENTS = Set.of(
            "admin", "debug", "actuator", "metrics", "console", "management", "_debug", "pprof", "heapdump", "jolokia");

    private static final List<PostureRule> RULES = List.of(
            new PostureRule(
                    "APIG-TLS-001",
                    "External host served without TLS",
                    Severity.CRITICAL,
                    Input.INVENTORY,
                    "API8:2023",
                    "PR.DS-02",
                    "Credentials, tokens and data cross the internet in clear text and can be read or altered in transit.",
                    "Add a tls block for the host to the Ingress, with a certificate (e.g. from cert-manager).",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (api.exposure() != Exposure.EXTERNAL
                                || api.tls()
                                || "true".equals(api.authHints().get("tls"))) {
                            return null;
                        }
                        return violation(
                                "host " + api.host() + " is reachable from outside the cluster over plain HTTP",
                                "host",
                                api.host(),
                                "exposure",
                                "external",
                                "tls",
                                "false");
                    }),
            new PostureRule(
                    "APIG-TLS-002",
                    "HTTP is not redirected to HTTPS",
                    Severity.MEDIUM,
                    Input.INVENTORY,
                    "API8:2023",
                    "PR.DS-02",
                    "With the redirect turned off, clients that start on http:// keep talking in clear text.",
                    "Remove ssl-redirect: \"false\" or set nginx.ingress.kubernetes.io/force-ssl-redirect: \"true\".",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (api.exposure() != Exposure.EXTERNAL
                                || !"false".equals(api.authHints().get("ssl-redirect"))) {
                            return null;
                        }
                        return violation(
                                "the Ingress turns the HTTPS redirect off for external host " + api.host(),
                                "host",
                                api.host(),
                                "ssl-redirect",
                                "false");
                    }),
            new PostureRule(
                    "APIG-HOST-001",
                    "Ingress rule with a wildcard or missing host",
                    Severity.MEDIUM,
                    Input.INVENTORY,
                    "API8:2023",
                    "PR.PS-01",
                    "A rule without a specific host answers for any name that resolves to the controller, widening "
                            + "the attack surface and defeating host-based policies.",
                    "Give every Ingress rule the exact host the API is served under.",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (api.source() == ApiSource.TRAFFIC
                                && api.sourceIngresses().isEmpty()) {
                            return null;
                        }
                        if (!api.host().equals("*") && !api.host().startsWith("*.")) {
                            return null;
                        }
                        return violation(
                                api.host().equals("*")
                                        ? "the Ingress rule has no host"
                                        : "the Ingress rule matches the wildcard host " + api.host(),
                                "host",
                                api.host(),
                                "ingresses",
                                String.join(",", api.sourceIngresses()));
                    }),
            new PostureRule(
                    "APIG-CORS-001",
                    "CORS allows any origin with credentials",
                    Severity.HIGH,
                    Input.INVENTORY,
                    "API8:2023",
                    "PR.AA-05",
                    "Any web site a user visits can call the API with the user's cookies or credentials and read the "
                            + "answers.",
                    "List the allowed origins explicitly, or turn cors-allow-credentials off.",
                    (facts, t) -> {
                        Map<String, String> hints = facts.api().authHints();
                        String origin = hints.get("cors-allow-origin");
                        if (origin == null
                                || !origin.contains("*")
                                || !"true".equalsIgnoreCase(hints.get("cors-allow-credentials"))) {
                            return null;
                        }
                        return violation(
                                "CORS allows origin " + origin + " with credentials",
                                "cors-allow-origin",
                                origin,
                                "cors-allow-credentials",
                                "true");
                    }),
            new PostureRule(
                    "APIG-EXPO-001",
                    "Administrative or diagnostic endpoint exposed through an Ingress",
                    Severity.CRITICAL,
                    Input.INVENTORY,
                    "API8:2023",
                    "PR.IR-01",
                    "Admin, debug, actuator, metrics and Quarkus /q/ endpoints reveal internals and often change "
                            + "state without the API's authorization.",
                    "Remove the path from the Ingress; reach it through the cluster network or a separate, "
                            + "authenticated management Ingress.",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (api.sourceIngresses().isEmpty() && api.source() != ApiSource.INGRESS) {
                            return null;
                        }
                        String segment = adminSegment(api.path());
                        if (segment == null) {
                            return null;
                        }
                        return violation(
                                "path " + api.path() + " exposes the " + segment + " surface on " + api.host(),
                                "path",
                                api.path(),
                                "segment",
                                segment);
                    }),
            new PostureRule(
                    "APIG-RATE-001",
                    "External API without a rate limit",
                    Severity.MEDIUM,
                    Input.INVENTORY,
                    "API4:2023",
                    "PR.IR-04",
                    "Without a limit one client can exhaust the API's capacity or enumerate it at full speed.",
                    "Set a rate limit at the Ingress (nginx limit-rps / limit-rpm, a Traefik RateLimit middleware) or "
                            + "in the gateway in front of it.",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (api.exposure() != Exposure.EXTERNAL
                                || api.authHints().containsKey("rate-limit")) {
                            return null;
                        }
                        return violation(
                                "external API " + api.host() + api.path() + " has no rate-limit hint",
                                "host",
                                api.host(),
                                "path",
                                api.path());
                    }),
            new PostureRule(
                    "APIG-AUTH-001",
                    "External API declares no authentication at the Ingress",
                    Severity.LOW,
                    Input.INVENTORY,
                    "API2:2023",
                    "PR.AA-03",
                    "Nothing in front of the API authenticates callers; the API alone must get it right on every route.",
                    "Authenticate at the edge (auth-url, auth-type, mTLS or an auth middleware), or acknowledge the "
                            + "finding when the API authenticates every call itself.",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (api.exposure() != Exposure.EXTERNAL
                                || api.authHints().containsKey("auth")) {
                            return null;
                        }
                        return violation(
                                "external API " + api.host() + api.path() + " has no authentication hint",
                                "host",
                                api.host(),
                                "path",
                                api.path());
                    }),
            new PostureRule(
                    "APIG-INV-001",
                    "Shadow API: traffic to an API no Ingress declares",
                    Severity.HIGH,
                    Input.INVENTORY,
                    "API9:2023",
                    "ID.AM-02",
                    "An API nobody declared is outside every review, policy and owner's view, yet it serves calls.",
                    "Declare it (Ingress or spec) with an owner, or remove the workload or route that serves it.",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (api.state() != ApiState.SHADOW) {
                            return null;
                        }
                        return violation(
                                "calls reach " + api.host() + api.path() + " (" + api.callCount()
                                        + " seen) but no Ingress declares it",
                                "host",
                                api.host(),
                                "path",
                                api.path(),
                                "calls",
                                String.valueOf(api.callCount()));
                    }),
            new PostureRule(
                    "APIG-INV-002",
                    "Zombie API: declared but unused",
                    Severity.MEDIUM,
                    Input.INVENTORY,
                    "API9:2023",
                    "ID.AM-08",
                    "A route nobody calls any more still exposes code that nobody maintains or watches.",
                    "Retire it: remove the Ingress path and the workload behind it.",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (api.state() != ApiState.ZOMBIE) {
                            return null;
                        }
                        return violation(
                                api.host() + api.path() + " is declared but was not called since "
                                        + (api.lastSeen() == null ? api.firstSeen() : api.lastSeen()),
                                "host",
                                api.host(),
                                "path",
                                api.path(),
                                "lastSeen",
                                String.valueOf(api.lastSeen()));
                    }),
            new PostureRule(
                    "APIG-INV-003",
                    "Several live versions of one API",
                    Severity.LOW,
                    Input.INVENTORY,
                    "API9:2023",
                    "ID.AM-08",
                    "Older versions keep older flaws and rarely get the fixes and controls of the current one.",
                    "Move clients to the newest version and retire the older one.",
                    (facts, t) -> {
                        if (facts.newerVersionOf() == null || facts.api().state() == ApiState.ZOMBIE) {
                            return null;
                        }
                        return violation(
                                facts.api().path() + " is live beside its newer version " + facts.newerVersionOf(),
                                "path",
                                facts.api().path(),
                                "newer",
                                facts.newerVersionOf());
                    }),
            // Spec rules (42Crunch-style audit of the API's own OpenAPI document), from the spec facts discovery
            // puts on the inventory event: see SpecChecks.
            new PostureRule(
                    "APIG-SPEC-001",
                    "Spec operations without a security scheme",
                    Severity.HIGH,
                    Input.INVENTORY,
                    "API2:2023",
                    "PR.AA-03",
                    "An operation whose spec requires no security scheme (no security requirement, an empty one, or "
                            + "an optional {}) is declared open to anonymous callers; gateways and clients generated "
                            + "from the spec will treat it so.",
                    "Declare a security requirement on every operation (or once at the document's root), e.g. "
                            + "security: [{bearer: []}]; acknowledge the finding for operations that are public on "
                            + "purpose.",
                    (facts, t) -> SpecChecks.violation(
                            facts.api(),
                            SpecChecks.declared(facts.api(), operation -> !Boolean.TRUE.equals(operation.secured())),
                            "operations of the spec require no security scheme",
                            "operations",
                            SpecChecks::names)),
            new PostureRule(
                    "APIG-SPEC-002",
                    "Unbounded strings or arrays in request schemas",
                    Severity.MEDIUM,
                    Input.INVENTORY,
                    "API4:2023",
                    "PR.PS-06",
                    "Strings without maxLength, pattern or enum and arrays without maxItems accept inputs of any size: "
                            + "a cheap way to exhaust memory and CPU, and room for injection payloads that a "
                            + "validator generated from the spec cannot refuse.",
                    "Give every string in parameters and request bodies a maxLength (or a pattern or enum) and every "
                            + "array a maxItems.",
                    (facts, t) -> SpecChecks.violation(
                            facts.api(),
                            SpecChecks.declared(
                                    facts.api(),
                                    operation -> !operation.unboundedInputs().isEmpty()),
                            "operations take unbounded inputs",
                            "inputs",
                            SpecChecks::unboundedInputs)),
            new PostureRule(
                    "APIG-SPEC-003",
                    "Write bodies accept undeclared properties (mass assignment)",
                    Severity.HIGH,
                    Input.INVENTORY,
                    "API3:2023",
                    "PR.AA-05",
                    "A POST, PUT or PATCH body schema without additionalProperties: false lets a client send "
                            + "properties it should not set (isAdmin, ownerId, balance) that the code may bind to "
                            + "the object anyway.",
                    "Close every write body's object schema with additionalProperties: false (OpenAPI 3.1: or "
                            + "unevaluatedProperties: false) and list exactly the properties clients may set.",
                    (facts, t) -> SpecChecks.violation(
                            facts.api(),
                            SpecChecks.declared(facts.api(), ApiEndpoint.Operation::openWriteBody),
                            "write operations accept properties their body schema does not declare",
                            "operations",
                            SpecChecks::names)),
            new PostureRule(
                    "APIG-SPEC-004",
                    "Undocumented operations seen in traffic",
                    Severity.MEDIUM,
                    Input.INVENTORY,
                    "API9:2023",
                    "ID.AM-02",
                    "Clients call operations the API's spec does not declare: code nobody reviewed against the spec, "
                            + "outside every control generated from it.",
                    "Declare the operations in the spec (and secure and bound them), or remove them from the API.",
                    (facts, t) -> {
                        List<ApiEndpoint.Operation> undocumented = SpecChecks.undocumented(facts.api());
                        if (undocumented.isEmpty()) {
                            return null;
                        }
                        return violation(
                                "traffic calls " + undocumented.size() + " operations the spec does not declare: "
                                        + SpecChecks.names(undocumented),
                                "operations",
                                SpecChecks.names(undocumented),
                                "calls",
                                String.valueOf(SpecChecks.calls(undocumented)),
                                "spec",
                                facts.api().spec().reference());
                    }),
            new PostureRule(
                    "APIG-SPEC-005",
                    "Traffic drifts from the spec",
                    Severity.HIGH,
                    Input.INVENTORY,
                    "API9:2023",
                    "DE.CM-09",
                    "A real share of the API's calls go to methods and paths its spec does not declare: the spec no "
                            + "longer describes the API that runs, so reviews, tests and the firewall's positive model "
                            + "built from it miss what clients actually use.",
                    "Bring the spec up to date with the API that is deployed (or the deployment back to the spec), "
                            + "then let the spec's positive model enforce it.",
                    (facts, t) -> {
                        ApiEndpoint api = facts.api();
                        if (!SpecChecks.hasReadableSpec(api)) {
                            return null;
                        }
                        long calls = SpecChecks.calls(api.operations());
                        List<ApiEndpoint.Operation> undocumented = SpecChecks.undocumented(api);
                        double share = share(SpecChecks.calls(undocumented), calls);
                        if (calls < t.minCalls() || share <= SpecChecks.MAX_UNDOCUMENTED_SHARE) {
                            return null;
                        }
                        return violation(
                                percent(share) + " of calls (" + SpecChecks.calls(undocumented) + " of " + calls
                                        + ") go to operations the spec does not declare",
                                "undocumentedCalls",
                                String.valueOf(SpecChecks.calls(undocumented)),
                                "calls",
                                String.valueOf(calls),
                                "operations",
                                SpecChecks.names(undocumented),
                                "specVersion",
                                api.spec().version());
                    }),
            new PostureRule(
                    "APIG-SPEC-006",
                    "The API's spec cannot be read",
                    Severity.MEDIUM,
                    Input.INVENTORY,
                    "API9:2023",
                    "ID.AM-08",
                    "The API names an OpenAPI document that discovery cannot read (missing, too large, not OpenAPI "
                            + "3.0/3.1): none of its declared operations, security or schemas are known or enforced.",
                    "Fix what the error names: the ConfigMap and key of the apiguard.io/openapi annotation, the "
                            + "document's size or its syntax.",
                    (facts, t) -> {
                        ApiEndpoint.Spec spec = facts.api().spec();
                        if (spec == null || spec.readable()) {
                            return null;
                        }
                        return violation(
                                "the spec " + spec.reference() + " cannot be read: " + spec.error(),
                                "spec",
                                spec.reference(),
                                "error",
                                spec.error());
                    }),
            new PostureRule(
                    "APIG-AUTHN-001",
                    "Successful calls without authentication",
                    Severity.HIGH,
                    Input.TRAFFIC,
                    "API2:2023",
                    "PR.AA-03",
                    "The API answers callers who presented no credential at all.",
                    "Require authentication on every operation that is not deliberately public; acknowledge the "
                            + "finding for public APIs.",
                    (facts, t) -> {
                        TrafficStats s = facts.traffic();
                        double unauthenticated = share(s.successfulUnauthenticated(), s.successful());
                        if (s.calls() < t.minCalls() || unauthenticated <= t.maxUnauthenticatedShare()) {
                            return null;
                        }
                        return violation(
                                percent(unauthenticated) + " of successful calls carried no credential ("
                                        + s.successfulUnauthenticated() + " of " + s.successful() + ")",
                                "successfulUnauthenticated",
                                String.valueOf(s.successfulUnauthenticated()),
                                "successful",
                                String.valueOf(s.successful()));
                    }),
            new PostureRule(
                    "APIG-IDENT-001",
                    "Calls attributed only to a shared service account",
                    Severity.MEDIUM,
                    Input.TRAFFIC,
                    "API2:2023",
                    "PR.AA-01",
                    "When every caller shares one account, nobody can tell who did what, and a leaked credential "
                            + "is everyone's.",
                    "Propagate the end user (a delegated token's act claim, an end-user header from a trusted "
                            + "gateway) or give each client its own credential.",
                    (facts, t) -> {
                        TrafficStats s = facts.traffic();
                        double shared = share(s.sharedAccountOnly(), s.authenticated());
                        if (s.authenticated() < t.minCalls() || shared <= t.maxSharedAccountShare()) {
                            return null;
                        }
                        return violation(
                                percent(shared) + " of authenticated calls name only a shared account ("
                                        + sorted(s.sharedAccounts()) + ")",
                                "sharedAccountOnly",
                                String.valueOf(s.sharedAccountOnly()),
                                "authenticated",
                                String.valueOf(s.authenticated()),
                                "accounts",
                                sorted(s.sharedAccounts()));
                    }),
            new PostureRule(
                    "APIG-CRED-001",
                    "Credentials or tokens in query strings",
                    Severity.HIGH,
                    Input.TRAFFIC,
                    "API2:2023",
                    "PR.DS-02",
                    "Query strings end up in access logs, proxies, browser history and Referer headers.",
                    "Send credentials in the Authorization header (or a cookie), never in the URL.",
                    (facts, t) -> {
                        TrafficStats s = facts.traffic();
                        if (s.queryCredentialCalls() == 0) {
                            return null;
                        }
                        String names = sorted(s.queryCredentialNames());
                        return violation(
                                s.queryCredentialCalls() + " calls carried a credential in the query string (" + names
                                        + ")",
                                "calls",
                                String.valueOf(s.queryCredentialCalls()),
                                "where",
                                names);
                    }),
            new PostureRule(
                    "APIG-ERR-001",
                    "High rate of server errors (verbose failure)",
                    Severity.MEDIUM,
                    Input.TRAFFIC,
                    "API8:2023",
                    "ID.RA-01",
                    "Frequent 5xx answers show unhandled failures, which tend to leak stack traces and internals and "
                            + "point attackers at fragile code.",
                    "Handle the failures, answer problem+json without internals, and fix what fails.",
                    (facts, t) -> {
                        TrafficStats s = facts.traffic();
                        double errors = share(s.serverErrors(), s.calls());
                        if (s.calls() < t.minCalls() || errors <= t.maxServerErrorShare()) {
                            return null;
                        }
                        return violation(
                                percent(errors) + " of calls failed with 5xx (" + s.serverErrors() + " of " + s.calls()
                                        + ")",
                                "serverErrors",
                                String.valueOf(s.serverErrors()),
                                "calls",
                                String.valueOf(s.calls()));
                    }),
            new PostureRule(
                    "APIG-BOLA-001",
                    "Sequential numeric object ids",
                    Severity.HIGH,
                    Input.TRAFFIC,
                    "API1:2023",
                    "PR.AA-05",
                    "Guessable ids invite enumeration: one missing object-level check exposes every object.",
                    "Check object ownership on every access and prefer random identifiers (UUIDs) in URLs.",
                    (facts, t) -> {
                        TrafficStats s = facts.traffic();
                        if (s.numericIds() < t.minNumericIds() || s.idDensity() < t.sequentialIdDensity()) {
                            return null;
                        }
                        return violation(
                                s.numericIds() + " distinct numeric ids between " + s.minNumericId() + " and "
                                        + s.maxNumericId() + " (density " + percent(s.idDensity()) + ")",
                                "distinctIds",
                                String.valueOf(s.numericIds()),
                                "min",
                                String.valueOf(s.minNumericId()),
                                "max",
                                String.valueOf(s.maxNumericId()));
                    }),
            new PostureRule(
                    "APIG-DATA-001",
                    "Sensitive data in requests",
                    Severity.HIGH,
                    Input.TRAFFIC,
                    "API3:2023",
                    "PR.DS-01",
                    "Card numbers and personal data in paths and query strings are stored by every log and cache on "
                            + "the way.",
                    "Move sensitive values into request bodies over TLS, tokenize card numbers, and expose only the "
                            + "properties clients need.",
                    (facts, t) -> {
                        TrafficStats s = facts.traffic();
                        if (s.sensitiveDataCalls() == 0) {
                            return null;
                        }
                        String where = sorted(s.sensitiveIndicators());
                        return violation(
                                s.sensitiveDataCalls() + " calls carried sensitive data (" + where + ")",
                                "calls",
                                String.valueOf(s.sensitiveDataCalls()),
                                "indicators",
                                where);
                    }),
            // ---- Sensitive data classes in responses (the sidecar's dataClasses), severity by class ----
            new PostureRule(
                    "APIG-DATA-002",
                    "Card numbers in responses",
                    Severity.CRITICAL,
                    Input.TRAFFIC,
                    "API3:2023",
                    "PR.DS-02",
                    "An API that returns full card numbers exposes cardholder data to every caller, cache and log on "
                            + "the way, and puts it in PCI DSS scope.",
                    "Return a masked number (last four digits) or a token; release full numbers only to the payment "
                            + "processor, never in API responses.",
                    (facts, t) -> responseDataClasses(facts, Set.of("card-number"))),
            new PostureRule(
                    "APIG-DATA-003",
                    "National ids or bank account numbers in responses",
                    Severity.HIGH,
                    Input.TRAFFIC,
                    "API3:2023",
                    "PR.DS-02",
                    "Social security and national insurance numbers and IBANs identify people and their money; "
                            + "returned to callers that need a name or a status, they are excessive data exposure.",
                    "Return only the properties each client needs (a response schema or view per client), and mask "
                            + "identifiers when a client needs to recognise them.",
                    (facts, t) -> responseDataClasses(facts, Set.of("national-id", "iban"))),
            new PostureRule(
                    "APIG-DATA-004",
                    "Credentials or tokens in responses",
                    Severity.HIGH,
                    Input.TRAFFIC,
                    "API3:2023",
                    "PR.DS-02",
                    "JWTs, API keys, cloud access keys or private keys in responses hand credentials to whoever "
                            + "receives, caches or logs them.",
                    "Never echo stored secrets; token endpoints that issue credentials by design can acknowledge "
                            + "this finding.",
                    (facts, t) -> responseDataClasses(facts, Set.of("token"))),
            new PostureRule(
                    "APIG-DATA-005",
                    "E-mail addresses in responses",
                    Severity.LOW,
                    Input.TRAFFIC,
                    "API3:2023",
                    "PR.DS-02",
                    "E-mail addresses are personal data; an API returning other people's addresses helps phishing "
                            + "and account enumeration.",
                    "Return addresses only to their owner or to clients that need them; mask them elsewhere.",
                    (facts, t) -> facts.traffic().responseDataClasses().keySet().equals(Set.of("email"))
                            ? responseDataClasses(facts, Set.of("email"))
                            : null));

    /**
     * The violation of an API whose recent responses carried any of {@code classes}: which, how many calls, and when
     * first and last seen; null when none.
     */
    private static Violation responseDataClasses(ApiFacts facts, Set<String> classes) {
        Map<String, DataClassSeen> seen = new TreeMap<>(facts.traffic().responseDataClasses());
        seen.keySet().retainAll(classes);
        if (seen.isEmpty()) {
            return null;
        }
        long calls = 0;
        Instant firstSeen = null;
        Instant lastSeen = null;
        List<String> counts = new ArrayList<>();
        for (Map.Entry<String, DataClassSeen> entry : seen.entrySet()) {
            DataClassSeen s = entry.getValue();
            calls += s.calls();
            firstSeen = firstSeen == null || s.firstSeen().isBefore(firstSeen) ? s.firstSeen() : firstSeen;
            lastSeen = lastSeen == null || s.lastSeen().isAfter(lastSeen) ? s.lastSeen() : lastSeen;
            counts.add(entry.getKey() + " in " + s.calls() + " calls since " + s.firstSeen());
        }
        return violation(
                "responses carried " + String.join(", ", counts),
                "dataClasses",
                String.join(",", seen.keySet()),
                "calls",
                String.valueOf(calls),
                "firstSeen",
                firstSeen.toString(),
                "lastSeen",
                lastSeen.toString());
    }

    private static final Map<String, PostureRule> BY_ID = index();

    private RuleCatalogue() {}

    /** Every rule, in catalogue order. */
    public static List<PostureRule> rules() {
        return RULES;
    }

    /** The rule with {@code id}, or null. */
    public static PostureRule rule(String id) {
        return BY_ID.get(id);
    }

    /** The first administrative segment of {@code path} ({@code q} only as the first segment), or null. */
    static String adminSegment(String path) {
        if (path == null) {
            return null;
        }
        String[] segments = path.toLowerCase(Locale.ROOT).split("/");
        boolean first = true;
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            if (ADMIN_SEGMENTS.contains(segment) || (first && segment.equals("q"))) {
                return segment.equals("q") ? "/q/" : segment;
            }
            first = false;
        }
        return null;
    }

    private static Violation violation(String detail, String... keyValues) {
        Map<String, String> evidence = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                evidence.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return new Violation(detail, evidence);
    }

    private static String percent(double share) {
        return Math.round(share * 1000) / 10.0 + " %";
    }

    private static String sorted(Set<String> names) {
        return String.join(",", new TreeSet<>(names));
    }

    private static Map<String, PostureRule> index() {
        Map<String, PostureRule> byId = new LinkedHashMap<>();
        for (PostureRule rule : RULES) {
            if (byId.put(rule.id(), rule) != null) {
                throw new IllegalStateException("duplicate rule id " + rule.id());
            }
        }
        return Map.copyOf(byId);
    }
}
