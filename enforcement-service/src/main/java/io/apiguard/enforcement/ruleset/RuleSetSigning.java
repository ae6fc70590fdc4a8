package io.apiguard.enforcement.ruleset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.rules.PemKeys;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.enforcement.EnforcementConfig;
import io.quarkus.runtime.Startup;

/**
 * Signs the current rule set for one sidecar at a time ({@link RuleSetJws}): its audience is the sidecar
 * ({@code namespace/pod}), so what is sent to one sidecar installs nowhere else, and its validity is short, so a
 * captured push cannot be replayed later. The private key is read once at start; a missing or unusable key fails the
 * start rather than leave sidecars without rule sets.
 */
@Startup
@ApplicationScoped
public class RuleSetSigning {

    private final RuleSetJws.Signer signer;
    private final EnforcementConfig.Signing config;
    private final Clock clock = Clock.systemUTC();

    RuleSetSigning(EnforcementConfig config) {
        this.config = config.signing();
        try {
            this.signer = new RuleSetJws.Signer(PemKeys.privateKey(this.config.privateKeyFile()), this.config.keyId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule-set signing key: " + e.getMessage(), e);
        }
    }

    /** The compact JWS of {@code set} for the sidecar {@code audience} ({@code namespace/pod}), signed now. */
    public String signFor(SignedRuleSet set, String audience) {
        return signer.sign(set.document(), set.ruleSet().version(), audience, clock.instant(), config.validity());
    }
}
