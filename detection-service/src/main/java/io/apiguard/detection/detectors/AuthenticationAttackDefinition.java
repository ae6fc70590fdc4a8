package io.apiguard.detection.detectors;

import java.util.List;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The authentication attack detector as configured by {@code apiguard.detection.auth-attacks.*}. */
@Singleton
public class AuthenticationAttackDefinition extends ConfiguredDetector<AuthenticationAttackDetector.Settings> {

    AuthenticationAttackDefinition(DetectionConfig config) {
        super(
                "auth-attacks",
                List.of(
                        AuthenticationAttackDetector.FAILURE_BURST,
                        AuthenticationAttackDetector.CREDENTIAL_STUFFING,
                        AuthenticationAttackDetector.SUBJECT_MANY_IPS),
                List.of(AuthenticationAttackDetector.OWASP),
                config.authAttacks().enabled(),
                settings(config.authAttacks()));
    }

    static AuthenticationAttackDetector.Settings settings(DetectionConfig.AuthAttacks c) {
        return new AuthenticationAttackDetector.Settings(
                c.window(),
                c.failureBurst(),
                c.failureRatio(),
                c.stuffingPrincipals(),
                c.subjectAddresses(),
                c.maxKeys());
    }

    @Override
    public Detector create() {
        return new AuthenticationAttackDetector(settings);
    }
}
