package io.apiguard.sidecar.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.common.rules.PemKeys;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.sidecar.enforcement.EnforcementConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Everything a received rule set goes through, pushed or pulled: its JWS is verified with the public keys this sidecar
 * trusts, for this sidecar ({@link SidecarName#id()}) and within its validity; the document is read and validated
 * whole, and only then installed, and only when newer than the set in force (so a replayed push installs nothing).
 * An accepted set is also kept in the state file, if one is configured, and read back from it at start. The trusted
 * keys are read from a directory (a mounted ConfigMap) at start and again on an interval, off the event loops.
 *
 * <p>Threading: {@link #receive} verifies and compiles (CPU work of milliseconds): callers run it on a worker thread
 * (the push endpoint is blocking, the pull moves to the worker pool first), never on an event loop. The verifier is a
 * volatile reference replaced whole by the scheduler's key refresh; the state file is written on the default worker
 * pool and read only at start.
 */
@ApplicationScoped
public class RuleSetReceiver {

    private static final Logger LOGGER = Logger.getLogger(RuleSetReceiver.class);

    private final SidecarEnforcement enforcement;
    private final EnforcementConfig config;
    private final SidecarName name;
    private final Clock clock = Clock.systemUTC();
    private volatile RuleSetJws.Verifier verifier;

    RuleSetReceiver(SidecarEnforcement enforcement, EnforcementConfig config, SidecarName name) {
        this.enforcement = enforcement;
        this.config = config;
        this.name = name;
        this.verifier = readKeys().orElse(null);
    }

    /** True when public keys are configured, so rule sets can be verified at all. */
    public boolean canVerify() {
        return verifier != null;
    }

    /**
     * Verifies, validates and installs a signed rule set.
     *
     * @param signed the compact JWS as received
     * @param source {@code push} or {@code pull}
     */
    public Received receive(String signed, String source) {
        return receive(signed, source, true);
    }

    private Received receive(String signed, String source, boolean checkExpiry) {
        RuleSetJws.Verifier current = verifier;
        if (current == null) {
            return new Received(RuleSetJws.Verdict.UNKNOWN_KEY, List.of(), null);
        }
        RuleSetJws.Verified verified = current.verify(signed, name.id(), clock.instant(), checkExpiry);
        if (!verified.valid()) {
            return new Received(verified.verdict(), List.of(), null);
        }
        RuleSetDocument.Parsed parsed = RuleSetDocument.parse(verified.document());
        if (!parsed.accepted()) {
            return new Received(verified.verdict(), parsed.errors(), null);
        }
        SidecarEnforcement.InstallResult result = enforcement.install(parsed.ruleSet(), source);
        if (result.status() == SidecarEnforcement.InstallResult.Status.INSTALLED && !"state-file".equals(source)) {
            keep(signed);
        }
        return new Received(verified.verdict(), List.of(), result);
    }

    /** Reads the key directory again; a directory that became unreadable keeps the keys already read. */
    @Scheduled(
            every = "${apiguard.sidecar.enforcement.key-refresh:60s}",
            delayed = "${apiguard.sidecar.enforcement.key-refresh:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshKeys() {
        readKeys().ifPresent(keys -> verifier = keys);
    }

    private Optional<RuleSetJws.Verifier> readKeys() {
        Optional<Path> dir = config.verificationKeysDir();
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Map<String, PublicKey> keys = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.get(), "*.pem")) {
            for (Path file : files) {
                String keyId = file.getFileName().toString().replaceFirst("\\.pem$", "");
                try {
                    keys.put(keyId, PemKeys.publicKey(file));
                } catch (IOException | IllegalArgumentException e) {
                    LOGGER.warnf("Rule-set key %s is not a usable public key (%s); ignored", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOGGER.warnf("Rule-set keys cannot be read from %s: %s", dir.get(), e.getMessage());
            return Optional.empty();
        }
        if (keys.isEmpty()) {
            LOGGER.warnf("No rule-set public key (*.pem) in %s: rule sets are refused", dir.get());
            return Optional.empty();
        }
        return Optional.of(new RuleSetJws.Verifier(keys));
    }

    /**
     * Installs the set kept in the state file, if any. Its signature and audience must still verify (the file is not
     * trusted more than the network), but not its validity: the point is to enforce the last set while
     * enforcement-service is away.
     */
    public void restoreFromStateFile() {
        Optional<Path> file = config.stateFile();
        if (file.isEmpty() || !Files.isReadable(file.get())) {
            return;
        }
        try {
            Received received = receive(
                    Files.readString(file.get(), StandardCharsets.US_ASCII).strip(), "state-file", false);
            LOGGER.infof("Rule-set state file %s: %s", file.get(), received.describe());
        } catch (IOException e) {
            LOGGER.warnf("Rule-set state file %s could not be read: %s", file.get(), e.getMessage());
        }
    }

    /** Writes the accepted set off the caller's thread (which may be an event loop), atomically. */
    private void keep(String signed) {
        config.stateFile()
                .ifPresent(file -> Infrastructure.getDefaultWorkerPool().execute(() -> {
                    try {
                        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
                        Files.writeString(temporary, signed + "\n", StandardCharsets.US_ASCII);
                        Files.move(
                                temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        LOGGER.warnf("Rule-set state file %s could not be written: %s", file, e.getMessage());
                    }
                }));
    }

    /**
     * What became of a received rule set.
     *
     * @param verdict the signature check
     * @param errors  validation errors when the document was refused as invalid
     * @param install the install's outcome; null when it was not attempted
     */
    public record Received(
            RuleSetJws.Verdict verdict,
            List<RuleSetDocument.RuleError> errors,
            SidecarEnforcement.InstallResult install) {

        /** True when the signature verified for this sidecar. */
        boolean authentic() {
            return verdict == RuleSetJws.Verdict.VALID;
        }

        /** One line for the log. */
        String describe() {
            if (!authentic()) {
                return "refused, " + verdict.name().toLowerCase().replace('_', ' ');
            }
            if (!errors.isEmpty()) {
                return "refused, " + errors.size() + " invalid";
            }
            return install.status() + " version " + install.active().version();
        }
    }
}
