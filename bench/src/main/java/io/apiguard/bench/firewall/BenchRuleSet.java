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
 * <pre>java -cp ... io.apiguard.bench.firewall.BenchRuleSet --dir DIR --audience NAMESPACE/POD</pre>
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
