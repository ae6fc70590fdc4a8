package io.apiguard.testing.rules;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test application this JVM's {@link RuleSetKeys#shared() rule-set keys}: enforcement-service signs
 * with the private key, a sidecar trusts the public one.
 */
public class RuleSetKeysResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        RuleSetKeys keys = RuleSetKeys.shared();
        return Map.of(
                "apiguard.enforcement.signing.private-key-file",
                        keys.privateKeyFile().toString(),
                "apiguard.enforcement.signing.key-id", keys.keyId(),
                "apiguard.sidecar.enforcement.verification-keys-dir",
                        keys.publicKeysDir().toString());
    }

    @Override
    public void stop() {
        // Shared by every test application of this JVM.
    }
}
