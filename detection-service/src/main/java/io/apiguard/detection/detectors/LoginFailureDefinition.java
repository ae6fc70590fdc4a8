package io.apiguard.detection.detectors;

import java.util.List;

import jakarta.inject.Singleton;

import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.engine.Detector;

/** The login failure detector as configured by {@code apiguard.detection.login-failures.*}. */
@Singleton
public class LoginFailureDefinition extends ConfiguredDetector<LoginFailureDetector.Settings> {

    LoginFailureDefinition(DetectionConfig config) {
        super(
                "login-failures",
                List.of(LoginFailureDetector.TYPE, LoginFailureDetector.ACCOUNT_TYPE),
                List.of(LoginFailureDetector.OWASP),
                config.loginFailures().enabled(),
                settings(config.loginFailures()));
    }

    static LoginFailureDetector.Settings settings(DetectionConfig.LoginFailures c) {
        return new LoginFailureDetector.Settings(
                c.window(),
                c.minFailures(),
                c.minRatio(),
                c.factor(),
                c.priorRatio(),
                c.minBaselineWindows(),
                c.minLearnCalls(),
                c.alpha(),
                c.maxKeys(),
                c.accountFailures(),
                c.accountAddresses());
    }

    @Override
    public Detector create() {
        return new LoginFailureDetector(settings);
    }
}
