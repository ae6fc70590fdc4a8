package io.apiguard.bench.firewall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.bench.BenchSupport;
import io.apiguard.common.rules.PayloadSignatures;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.testing.rules.RuleSetKeys;

/**
 * The rule set the sidecar runs in bench/firewall.sh: one enforcing block rule per built-in payload signature, whatever
 * signatures the build has, signed with a key pair made for the run (the test kit's {@link RuleSetKeys}) and written
 * where the sidecar reads its state file at start, so no enforcement-service is needed. The document is written as
 * JSON, not through the rule records, so rule fields added later keep their defaults; it is validated the way the
 * sidecar validates it before it is signed.
 *
 * <pre>java -cp ... io.apiguard.bench.firewall.BenchRuleSet --dir DIR --audience NAMESPACE/POD [--spec]</pre>
 *
 * <p>With {@code --spec} (bench/sidecar.sh) the set also routes two APIs with the same declared operation, the POST of
 * {@code bench/sidecar/post-1k.json} to {@code /accounts/{accountId}/statements} with its request contract: host
 * {@code spec.bench} checks calls against it in enforce mode, host {@code nospec.bench} does not, so one sidecar
 * measures the 1 KB POST with and without the positive model in the same run.
 *
 * writes {@code DIR/keys/public/<kid>.pem} (the sidecar's verification keys) and {@code DIR/rule-set.jws} (its state
 * file).
 */
public final class BenchRuleSet {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private BenchRuleSet() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(BenchSupport.option(args, "--dir", "."));
        String audience = BenchSupport.option(args, "--audience", "bench/firewall");
        Instant now = Instant.now();
        ObjectNode document = document(now);
        if (java.util.Arrays.asList(args).contains("--spec")) {
            var routes = document.putArray("routes");
            routes.add(route("bench-spec", "spec.bench", "enforce"));
            routes.add(route("bench-nospec", "nospec.bench", "off"));
        }
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(document);
        if (!parsed.accepted()) {
            throw new IllegalStateException("the bench rule set is refused: " + parsed.errors());
        }
        RuleSetKeys keys = RuleSetKeys.generate(Files.createDirectories(dir.resolve("keys")), "bench-firewall");
        String signed = keys.signer().sign(document, 1, audience, now, Duration.ofDays(1));
        Files.writeString(dir.resolve("rule-set.jws"), signed + "\n");
        System.out.printf(
                "rule set: block on %d built-in signatures %s, signed for %s%n",
                document.get("rules").size(), new TreeSet<>(PayloadSignatures.BUILT_IN.keySet()), audience);
    }

    /** The 1 KB POST's request body schema, every property declared and bounded as a careful spec would. */
    static final String POST_SCHEMA = """
            {"type":"object","required":["customerId","email","address","items","currency","total"],"properties":{
              "customerId":{"type":"string","pattern":"^c-[0-9]+$"},
              "firstName":{"type":"string","maxLength":80},"lastName":{"type":"string","maxLength":80},
              "email":{"type":"string","maxLength":254},"phone":{"type":"string","maxLength":32},
              "birthDate":{"type":"string","maxLength":10},
              "address":{"type":"object","required":["line1","city","country"],"properties":{
                "line1":{"type":"string","maxLength":120},"line2":{"type":"string","maxLength":120},
                "city":{"type":"string","maxLength":80},"postcode":{"type":"string","maxLength":16},
                "country":{"type":"string","pattern":"^[A-Z]{2}$"}}},
              "items":{"type":"array","minItems":1,"maxItems":50,"items":{"type":"object",
                "required":["sku","quantity","unitPrice"],"properties":{
                  "sku":{"type":"string","pattern":"^SKU-[0-9]+$"},"name":{"type":"string","maxLength":120},
                  "quantity":{"type":"integer","minimum":1,"maximum":100},"unitPrice":{"type":"string","maxLength":16}}}},
              "currency":{"type":"string","enum":["EUR","GBP","USD"]},"total":{"type":"string","maxLength":16},
              "requestedDelivery":{"type":"string","maxLength":40},"deliveryNote":{"type":"string","maxLength":500},
              "marketingOptIn":{"type":"boolean"},"coupon":{"type":"string","maxLength":32},
              "giftMessage":{"type":"string","maxLength":500},
              "tags":{"type":"array","maxItems":10,"items":{"type":"string","maxLength":32}},
              "notes":{"type":"string","maxLength":1000}}}""";

    /** A route whose one declared operation is the 1 KB POST, its spec checked in {@code validation} mode. */
    static ObjectNode route(String apiId, String host, String validation) throws IOException {
        ObjectNode route = JSON.createObjectNode();
        route.put("apiId", apiId);
        route.put("host", host);
        route.put("path", "/");
        route.put("matchType", "prefix");
        ObjectNode operation = route.putArray("declared").addObject();
        operation.put("method", "POST");
        operation.put("template", "/accounts/{accountId}/statements");
        operation.put("operation", "postStatement");
        ObjectNode request = operation.putObject("request");
        ObjectNode accountId = request.putArray("parameters").addObject();
        accountId.put("name", "accountId");
        accountId.put("in", "path");
        accountId.put("required", true);
        accountId.putObject("schema").put("type", "integer");
        request.put("bodyRequired", true);
        request.putObject("bodies").set("application/json", JSON.readTree(POST_SCHEMA));
        route.putArray("learned");
        route.put("validation", validation);
        return route;
    }

    /** Version 1: an enforcing block rule for every built-in payload signature. */
    static ObjectNode document(Instant now) {
        ObjectNode document = JSON.createObjectNode();
        document.put("version", 1);
        document.put("issuedAt", now.toString());
        var rules = document.putArray("rules");
        for (String signature : new TreeSet<>(PayloadSignatures.BUILT_IN.keySet())) {
            ObjectNode rule = rules.addObject();
            rule.put("id", "bench-block-" + signature);
            rule.putObject("match").put("payloadSignature", signature);
            rule.put("action", "block");
            rule.put("reason", "bench/firewall.sh: every built-in payload signature blocks");
            rule.put("createdBy", "bench");
            rule.put("createdAt", now.toString());
            rule.put("mode", "enforce");
        }
        return document;
    }
}
