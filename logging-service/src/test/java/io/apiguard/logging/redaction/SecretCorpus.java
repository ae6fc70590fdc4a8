package io.apiguard.logging.redaction;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.apiguard.common.events.ApiCallRecord;

/**
 * Secrets in the formats real systems issue (made up, format-correct), placed where they leak in practice: path
 * segments, named and unnamed query parameters (plain, percent-encoded, JSON), credential headers under every common
 * name, free-text headers (prose, {@code name=value} lists, JSON documents with a PEM key), the user agent. Each
 * placement lists its needles: the strings that must not appear in what is stored or published (the secret as
 * placed, and for a password with spaces the part after its first space, which a regex cut at a space used to leak).
 */
public final class SecretCorpus {

    public static final String AWS_ACCESS_KEY_ID = "AKIA2E0A8F3B244C9986";
    public static final String AWS_SESSION_KEY_ID = "ASIAY34FZKBOKMUTVV7A";
    public static final String AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8mN4kL2p";
    public static final String GCP_API_KEY = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY";
    public static final String GCP_OAUTH_TOKEN = "ya29.a0AfH6SMBx3kY9pLq2Wn8Rt5Vz1Cd4Fg7Hj0Kl3Mn6";
    public static final String GITHUB_PAT = "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R";
    public static final String GITHUB_OAUTH = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
    public static final String GITHUB_FINE_GRAINED =
            "github_pat_11ABCDEFG0abcdefghij12_KLMNOPQRSTUVWXYZabcdefghij0123456789ABCDEFGHIJKLMN";
    public static final String GITLAB_PAT = "glpat-xZ8kP2mQ9vL4nR7tY1wB";
    public static final String SLACK_BOT = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
    public static final String SLACK_USER =
            "xoxp-123456789012-123456789012-123456789012-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d";
    public static final String STRIPE_LIVE = "sk_live_51HqLyjWDarjtT1zdp7dcXfT8";
    public static final String STRIPE_TEST = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
    public static final String STRIPE_RESTRICTED = "rk_live_51HqLyjWDarjtT1zdpAbCdEf";
    public static final String NPM = "npm_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5";
    public static final String SENDGRID = "SG.aB3dE5fG7hI9jK1lM3nO5p.Q7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3r";
    public static final String JWT =
            "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGV4In0." + "c2lnbmF0dXJlLXZhbHVlLWxvbmctZW5vdWdo";
    public static final String CLIENT_ASSERTION =
            "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJjbGllbnQtMSJ9." + "MEUCIQDx7Zm9pL2qR4tV8wY1bN5cF3hJ6gD0sA";
    /** No known prefix: found by its randomness alone. */
    public static final String RANDOM_API_KEY = "Zx8Qp3Lm9Rt2Vw7Yk4Hn6Bj1Gf5Dc0Sa3Ue8Io2Pq";

    public static final String PASSWORD_WITH_SPACES = "correct horse battery staple";
    public static final String ANOTHER_PASSWORD = "s3cr3t pass phrase!";
    public static final String PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
    public static final String OPENSSH_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz";
    public static final String URL_PASSWORD = "Sup3rS3cretPw";
    public static final String BASIC_CREDENTIALS = "YWxpY2U6czNjcjN0LXBhc3M=";
    public static final String SESSION_ID = "s%3AkX9vQ2mL7pR4tY8wZ1bN5cF3hJ6gD0sA";
    public static final String AMZ_SIGNATURE = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
    public static final String AZURE_SAS_SIGNATURE = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2BAbCd%3D";
    public static final String OAUTH_CODE = "SplxlOBeZQQYbYS6WxSbIA";
    public static final String VISA = "4111111111111111";
    public static final String MASTERCARD_SPACED = "5500 0000 0000 0004";
    public static final String AMEX = "378282246310005";
    public static final String DISCOVER_DASHED = "6011-1111-1111-1117";

    private SecretCorpus() {}

    /**
     * One record carrying secrets.
     *
     * @param where   what the record exercises
     * @param call    the record
     * @param needles what must not be found once it is stored or published
     */
    public record Placement(String where, ApiCallRecord call, List<String> needles) {}

    /** Every placement; fresh ids and timestamps on each call. */
    public static List<Placement> placements() {
        List<Placement> placements = new ArrayList<>();
        // path segments
        for (String secret : List.of(
                STRIPE_LIVE,
                GITHUB_PAT,
                GITHUB_FINE_GRAINED,
                GITLAB_PAT,
                SLACK_BOT,
                AWS_ACCESS_KEY_ID,
                GCP_API_KEY,
                GCP_OAUTH_TOKEN,
                NPM,
                SENDGRID,
                JWT,
                RANDOM_API_KEY)) {
            placements.add(placement("path segment", "/v1/keys/" + secret + "/rotate", null, null, Map.of(), secret));
        }
        placements.add(placement("card in a path", "/cards/" + VISA + "/charges", null, null, Map.of(), VISA));
        // named query parameters
        placements.add(placement(
                "query access-token", "/q", "access-token=" + GITHUB_PAT + "&page=1", null, Map.of(), GITHUB_PAT));
        placements.add(placement("query auth_token", "/q", "auth_token=" + GITHUB_OAUTH, null, Map.of(), GITHUB_OAUTH));
        placements.add(placement(
                "query client_assertion",
                "/oauth/token",
                "grant_type=client_credentials&client_assertion_type=jwt-bearer&client_assertion=" + CLIENT_ASSERTION,
                null,
                Map.of(),
                CLIENT_ASSERTION));
        placements.add(placement("query api_key", "/q", "api_key=" + STRIPE_TEST, null, Map.of(), STRIPE_TEST));
        placements.add(placement(
                "query password with spaces",
                "/login",
                "user=dana&password=correct+horse+battery+staple",
                null,
                Map.of(),
                "correct+horse+battery+staple",
                "horse+battery+staple"));
        placements.add(placement(
                "query X-Amz-Credential and X-Amz-Signature",
                "/bucket/object",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + AWS_SESSION_KEY_ID
                        + "%2F20261122%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=" + AMZ_SIGNATURE,
                null,
                Map.of(),
                AWS_SESSION_KEY_ID,
                AMZ_SIGNATURE));
        placements.add(placement(
                "query sig (Azure SAS)",
                "/container/blob",
                "sv=2021-08-06&sr=b&sig=" + AZURE_SAS_SIGNATURE,
                null,
                Map.of(),
                AZURE_SAS_SIGNATURE));
        placements.add(placement(
                "query code (OAuth)", "/callback", "code=" + OAUTH_CODE + "&state=xyz", null, Map.of(), OAUTH_CODE));
        // unnamed query parameters: found by shape, decoded when percent-encoded
        placements.add(placement("query value, a JWT", "/q", "next=" + JWT, null, Map.of(), JWT));
        placements.add(placement(
                "query value, a restricted key", "/q", "q=" + STRIPE_RESTRICTED, null, Map.of(), STRIPE_RESTRICTED));
        placements.add(placement(
                "query value, a URL with a password",
                "/import",
                "repo=https%3A%2F%2Fdeploy%3A" + URL_PASSWORD + "%40git.example.com%2Frepo.git",
                null,
                Map.of(),
                URL_PASSWORD));
        placements.add(placement(
                "query value, percent-encoded JSON",
                "/search",
                "filter=%7B%22password%22%3A%22correct%20horse%20battery%20staple%22%7D",
                null,
                Map.of(),
                "correct%20horse%20battery%20staple",
                "horse%20battery%20staple",
                PASSWORD_WITH_SPACES,
                "horse battery staple"));
        placements.add(placement(
                "query value, a card",
                "/pay",
                "pan=" + MASTERCARD_SPACED.replace(' ', '+') + "&amex=" + AMEX,
                null,
                Map.of(),
                MASTERCARD_SPACED.replace(' ', '+'),
                AMEX));
        // credential headers, by name
        Map<String, String> named = new LinkedHashMap<>();
        named.put("Api-Key", RANDOM_API_KEY);
        named.put("X-Access-Token", SLACK_USER);
        named.put("X-Goog-Api-Key", GCP_API_KEY);
        named.put("Private-Token", GITLAB_PAT);
        named.put("X-Auth-Token", NPM);
        named.put("Cookie", "theme=dark; connect.sid=" + SESSION_ID);
        named.put("Proxy-Authorization", "Bearer " + JWT);
        named.put("Authorization", "Basic " + BASIC_CREDENTIALS);
        named.put("X-Hub-Signature-256", "sha256=" + AMZ_SIGNATURE);
        named.put("X-Client-Secret", ANOTHER_PASSWORD);
        placements.add(placement(
                "credential headers",
                "/h",
                null,
                null,
                named,
                RANDOM_API_KEY,
                SLACK_USER,
                GCP_API_KEY,
                GITLAB_PAT,
                NPM,
                SESSION_ID,
                JWT,
                BASIC_CREDENTIALS,
                AMZ_SIGNATURE,
                ANOTHER_PASSWORD,
                "pass phrase!"));
        // free text in headers
        Map<String, String> text = new LinkedHashMap<>();
        text.put("X-Debug", "retrying with " + STRIPE_LIVE + " after 2 s");
        text.put("X-Note", "user=dana; password=" + PASSWORD_WITH_SPACES + "; role=admin");
        text.put("X-Env", "aws_secret_access_key=" + AWS_SECRET_ACCESS_KEY);
        text.put("X-Bare-Id", AWS_ACCESS_KEY_ID);
        text.put("X-Bare-Value", AWS_SECRET_ACCESS_KEY);
        text.put("X-Card", "paid with " + MASTERCARD_SPACED + " and " + DISCOVER_DASHED);
        text.put(
                "X-Service-Account",
                "{\"type\":\"service_account\",\"client_email\":\"ci@p.iam.example\","
                        + "\"private_key_id\":\"" + RANDOM_API_KEY.substring(0, 20)
                        + "\",\"private_key\":\"-----BEGIN PRIVATE "
                        + "KEY-----\\n" + PEM_BODY
                        + "\\n-----END PRIVATE KEY-----\\n\",\"nested\":{\"client_secret\":\""
                        + ANOTHER_PASSWORD + "\",\"pin\":1234,\"token\":{\"value\":\"" + SLACK_BOT + "\"}}}");
        text.put(
                "X-Key-Line",
                "-----BEGIN OPENSSH PRIVATE KEY----- " + OPENSSH_BODY + " -----END OPENSSH PRIVATE KEY-----");
        text.put("X-Login", "{\"user\":\"dana\",\"password\":\"" + PASSWORD_WITH_SPACES + "\"}");
        text.put("X-Upstream", "https://deploy:" + URL_PASSWORD + "@git.example.com/repo.git");
        placements.add(placement(
                "free-text headers",
                "/t",
                null,
                null,
                text,
                STRIPE_LIVE,
                PASSWORD_WITH_SPACES,
                "horse battery staple",
                AWS_SECRET_ACCESS_KEY,
                AWS_ACCESS_KEY_ID,
                MASTERCARD_SPACED,
                DISCOVER_DASHED,
                PEM_BODY,
                ANOTHER_PASSWORD,
                "pass phrase!",
                SLACK_BOT,
                OPENSSH_BODY,
                URL_PASSWORD,
                RANDOM_API_KEY.substring(0, 20)));
        // the user agent
        placements.add(placement(
                "user agent", "/u", null, "deploy-bot/2.1 (+token " + GITHUB_PAT + ")", Map.of(), GITHUB_PAT));
        return placements;
    }

    /** How many secrets the corpus places (needles across all placements). */
    public static int size(List<Placement> placements) {
        return placements.stream()
                .mapToInt(placement -> placement.needles().size())
                .sum();
    }

    private static Placement placement(
            String where, String path, String query, String userAgent, Map<String, String> headers, String... needles) {
        ApiCallRecord call = new ApiCallRecord(
                UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                1_000,
                new ApiCallRecord.Api("api.example", "GET", path, query, null, null),
                new ApiCallRecord.Source("203.0.113.9", List.of(), userAgent == null ? "corpus/1" : userAgent),
                null,
                null,
                200,
                0,
                64,
                List.of(),
                null,
                null,
                headers);
        return new Placement(where, call, List.of(needles));
    }
}
