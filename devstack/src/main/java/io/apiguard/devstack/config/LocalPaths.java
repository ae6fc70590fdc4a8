package io.apiguard.devstack.config;

import java.nio.file.Path;

/**
 * Where the local run finds the apps and keeps its state: everything it writes goes below {@code <root>/.local},
 * which git ignores, so deleting that directory resets the local run (the PostgreSQL databases excepted).
 *
 * @param root     the repository root
 * @param localDir where the run's state goes: {@code <root>/.local} for the local run, elsewhere for a run that must
 *                 not touch it (the end-to-end tests)
 */
public record LocalPaths(Path root, Path localDir) {

    public LocalPaths {
        root = root.toAbsolutePath().normalize();
        localDir = localDir.toAbsolutePath().normalize();
    }

    /** The local run's paths: its state in {@code <root>/.local}. */
    public LocalPaths(Path root) {
        this(root, root.resolve(".local"));
    }

    /** {@code <root>/k8s/examples}: the Ingress manifests discovery reads when no cluster answers. */
    public Path examples() {
        return root.resolve("k8s").resolve("examples");
    }

    /** The embedded broker's data; kept between runs, so topics and offsets survive a restart. */
    public Path kafkaData() {
        return localDir().resolve("kafka");
    }

    /** One log file per app (and one for the broker), rewritten on every run. */
    public Path logs() {
        return localDir().resolve("logs");
    }

    /** The log file of {@code app}. */
    public Path log(String app) {
        return logs().resolve(app + ".log");
    }

    /** The fast-jar launcher {@code ./mvnw install} builds for a Quarkus module. */
    public Path quarkusRunJar(String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
