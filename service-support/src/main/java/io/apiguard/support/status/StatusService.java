package io.apiguard.support.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.apiguard.common.status.DependencyStatus;
import io.apiguard.common.status.ServiceStatus;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;

/** Assembles the status document from the readiness checks and every {@link StatusContributor}. */
@ApplicationScoped
public class StatusService {

    private final SmallRyeHealthReporter healthReporter;
    private final Instance<StatusContributor> contributors;
    private final StatusConfig config;
    private final String service;
    private final String version;
    private final Clock clock;

    StatusService(
            SmallRyeHealthReporter healthReporter,
            Instance<StatusContributor> contributors,
            StatusConfig config,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.healthReporter = healthReporter;
        this.contributors = contributors;
        this.config = config;
        this.service = service;
        this.version = version;
        this.clock = Clock.systemUTC();
    }

    /**
     * The current status; never fails: broken checks are reported inside the document, and a contributor that fails
     * or does not answer in time has no entry in {@code evidence} but one in {@code evidenceErrors}, saying why.
     */
    public Uni<ServiceStatus<Map<String, Object>>> current() {
        Uni<List<DependencyStatus>> dependencies =
                healthReporter.getReadinessAsync().map(StatusService::toDependencies);
        return Uni.combine()
                .all()
                .unis(dependencies, collectEvidence(contributors, config.contributorTimeout()))
                .with((deps, evidence) -> new ServiceStatus<>(
                        service,
                        version,
                        config.level(),
                        deps.stream().allMatch(DependencyStatus::up),
                        deps,
                        evidence.figures(),
                        evidence.errors(),
                        Instant.now(clock)));
    }

    /**
     * Asks every contributor at once, each bounded by {@code timeout}; never fails: a contributor that fails, answers
     * nothing or does not answer in time has an error instead of figures.
     */
    static Uni<Evidence> collectEvidence(Iterable<StatusContributor> contributors, Duration timeout) {
        List<Uni<Entry>> entries = new ArrayList<>();
        for (StatusContributor contributor : contributors) {
            entries.add(contributor
                    .evidence()
                    .ifNoItem()
                    .after(timeout)
                    .failWith(() -> new IllegalStateException("no answer within " + timeout))
                    .<Entry>map(figures -> figures == null
                            ? new Entry(contributor.name(), null, "no figures")
                            : new Entry(contributor.name(), figures, null))
                    .onFailure()
                    .recoverWithItem(
                            failure -> new Entry(contributor.name(), null, String.valueOf(failure.getMessage()))));
        }
        if (entries.isEmpty()) {
            return Uni.createFrom().item(new Evidence(Map.of(), Map.of()));
        }
        return Uni.join().all(entries).andFailFast().map(answers -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            Map<String, String> errors = new LinkedHashMap<>();
            for (Entry entry : answers) {
                if (entry.error() == null) {
                    figures.put(entry.name(), entry.figures());
                } else {
                    errors.put(entry.name(), entry.error());
                }
            }
            return new Evidence(figures, errors);
        });
    }

    /**
     * What the contributors answered.
     *
     * @param figures each answering contributor's record, by contributor name
     * @param errors  why each other contributor has none, by contributor name
     */
    record Evidence(Map<String, Object> figures, Map<String, String> errors) {}

    /** One contributor's answer: its figures, or why there are none. */
    private record Entry(String name, Object figures, String error) {}

    static List<DependencyStatus> toDependencies(SmallRyeHealth health) {
        List<DependencyStatus> dependencies = new ArrayList<>();
        for (JsonValue check : health.getPayload().getJsonArray("checks")) {
            JsonObject json = check.asJsonObject();
            Map<String, Object> data = new LinkedHashMap<>();
            JsonObject jsonData = json.getJsonObject("data");
            if (jsonData != null) {
                jsonData.forEach((key, value) -> data.put(key, toJava(value)));
            }
            dependencies.add(new DependencyStatus(json.getString("name"), "UP".equals(json.getString("status")), data));
        }
        return dependencies;
    }

    private static Object toJava(JsonValue value) {
        switch (value.getValueType()) {
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                return ((JsonNumber) value).numberValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            default:
                return value.toString();
        }
    }
}
