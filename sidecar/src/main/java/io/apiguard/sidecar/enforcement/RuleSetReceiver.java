package io.apiguard.sidecar.enforcement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetSignature;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Everything a received rule-set document goes through, pushed or pulled: the signature is checked, the document is
 * read and validated whole, and only then installed; an accepted document is also kept in the state file, if one is
 * configured, and read back from it at start.
 */
@ApplicationScoped
public class RuleSetReceiver {

    private static final Logger LOGGER = Logger.getLogger(RuleSetReceiver.class);

    private final SidecarEnforcement enforcement;
    private final EnforcementConfig config;
    private final Optional<RuleSetSignature> signature;
    private final Clock clock = Clock.systemUTC();

    RuleSetReceiver(SidecarEnforcement enforcement, EnforcementConfig config) {
        this.enforcement = enforcement;
        this.config = config;
        this.signature = config.secret().map(RuleSetSignature::withSecret);
    }

    /** True when a secret is configured, so documents can be authenticated at all. */
    public boolean canVerify() {
        return signature.isPresent();
    }

    /**
     * Verifies, validates and installs a document.
     *
     * @param body      the document as received
     * @param timestamp the {@link RuleSetSignature#TIMESTAMP_HEADER} value
     * @param signed    the {@link RuleSetSignature#SIGNATURE_HEADER} value
     * @param source    {@code push} or {@code pull}
     */
    public Received receive(byte[] body, String timestamp, String signed, String source) {
        return receive(body, timestamp, signed, source, config.signatureTolerance());
    }

    private Received receive(byte[] body, String timestamp, String signed, String source, Duration tolerance) {
        if (signature.isEmpty()) {
            return new Received(RuleSetSignature.Verdict.MISSING, List.of(), null);
        }
        RuleSetSignature.Verdict verdict = signature.get().verify(timestamp, signed, body, clock.instant(), tolerance);
        if (!verdict.valid()) {
            return new Received(verdict, List.of(), null);
        }
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(body);
        if (!parsed.accepted()) {
            return new Received(verdict, parsed.errors(), null);
        }
        SidecarEnforcement.InstallResult result = enforcement.install(parsed.ruleSet(), source);
        if (result.status() == SidecarEnforcement.InstallResult.Status.INSTALLED && !"state-file".equals(source)) {
            keep(body, timestamp, signed);
        }
        return new Received(verdict, List.of(), result);
    }

    /**
     * Installs the set kept in the state file, if any. Its signature must still verify (the file is not trusted more
     * than the network), but not its age: the point is to enforce the last set while enforcement-service is away.
     */
    public void restoreFromStateFile() {
        Optional<Path> file = config.stateFile();
        if (file.isEmpty() || !Files.isReadable(file.get())) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file.get(), StandardCharsets.US_ASCII);
            if (lines.size() < 3) {
                LOGGER.warnf("Rule-set state file %s is incomplete; ignored", file.get());
                return;
            }
            Received received = receive(Base64.getDecoder().decode(lines.get(2)), lines.get(0), lines.get(1),
                    "state-file", Duration.ofSeconds(Long.MAX_VALUE / 2));
            LOGGER.infof("Rule-set state file %s: %s", file.get(), received.describe());
        } catch (IOException | IllegalArgumentException e) {
            LOGGER.warnf("Rule-set state file %s could not be read: %s", file.get(), e.getMessage());
        }
    }

    /** Writes the accepted document off the caller's thread (which may be an event loop), atomically. */
    private void keep(byte[] body, String timestamp, String signed) {
        config.stateFile().ifPresent(file -> Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(temporary, timestamp + "\n" + signed + "\n" + Base64.getEncoder().encodeToString(body)
                        + "\n", StandardCharsets.US_ASCII);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOGGER.warnf("Rule-set state file %s could not be written: %s", file, e.getMessage());
            }
        }));
    }

    /**
     * What became of a received document.
     *
     * @param verdict the signature check
     * @param errors  validation errors when the document was refused as invalid
     * @param install the install's outcome; null when it was not attempted
     */
    public record Received(RuleSetSignature.Verdict verdict, List<RuleSetDocument.RuleError> errors,
            SidecarEnforcement.InstallResult install) {

        /** One line for the log. */
        String describe() {
            if (!verdict.valid()) {
                return "refused, signature " + verdict;
            }
            if (!errors.isEmpty()) {
                return "refused, " + errors.size() + " invalid";
            }
            return install.status() + " version " + install.active().version();
        }
    }
}
