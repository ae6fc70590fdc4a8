package io.apiguard.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** apiguard's roles from a verified token's: mapped, nested, and never a workload's from an operator's token. */
class RoleAugmentorTest {

    private record Operators(Set<String> viewerRoles, Set<String> operatorRoles, Set<String> adminRoles)
            implements SecurityConfig.Operators {}

    private record Workloads(
            Optional<List<String>> viewers,
            Optional<List<String>> rulePublishers,
            Optional<Path> tokenFile,
            Duration tokenRefresh,
            Optional<Path> issuerTokenFile)
            implements SecurityConfig.Workloads {}

    private record Settings(SecurityConfig.Operators operators, SecurityConfig.Workloads workloads)
            implements SecurityConfig {}

    /** The settings' defaults, overridden by {@code settings} (property names without the prefix). */
    private static RoleAugmentor augmentor(Map<String, String> settings) {
        Operators operators = new Operators(
                set(settings, "operators.viewer-roles", "viewer"),
                set(settings, "operators.operator-roles", "operator"),
                set(settings, "operators.admin-roles", "admin"));
        Workloads workloads = new Workloads(
                list(settings, "workloads.viewers"),
                list(settings, "workloads.rule-publishers"),
                Optional.empty(),
                Duration.ofSeconds(60),
                Optional.empty());
        return new RoleAugmentor(new Settings(operators, workloads));
    }

    private static Set<String> set(Map<String, String> settings, String name, String fallback) {
        return Set.of(settings.getOrDefault(name, fallback).split(","));
    }

    private static Optional<List<String>> list(Map<String, String> settings, String name) {
        return Optional.ofNullable(settings.get(name)).map(value -> List.of(value.split(",")));
    }

    @Test
    void anAdminIsAlsoAnOperatorAndAViewer() {
        RoleAugmentor roles = augmentor(Map.of());

        assertThat(roles.operatorRoles(Set.of("admin"))).containsExactlyInAnyOrder("admin", "operator", "viewer");
        assertThat(roles.operatorRoles(Set.of("operator"))).containsExactlyInAnyOrder("operator", "viewer");
        assertThat(roles.operatorRoles(Set.of("viewer"))).containsExactly("viewer");
        assertThat(roles.operatorRoles(Set.of("somebody-else"))).isEmpty();
    }

    @Test
    void theProvidersRoleNamesAreMappedAndOnlyTheMappedOnesCount() {
        RoleAugmentor roles = augmentor(Map.of(
                "operators.admin-roles", "/platform/security",
                "operators.operator-roles", "apiguard-operators,sre",
                "operators.viewer-roles", "everyone"));

        assertThat(roles.operatorRoles(Set.of("sre"))).containsExactlyInAnyOrder("operator", "viewer");
        assertThat(roles.operatorRoles(Set.of("/platform/security"))).contains("admin");
        // apiguard's own role names mean nothing once a mapping is set
        assertThat(roles.operatorRoles(Set.of("admin", "operator"))).isEmpty();
    }

    @Test
    void anOperatorTokenNeverCarriesAWorkloadRoleWhateverItsClaims() {
        RoleAugmentor roles = augmentor(Map.of("operators.viewer-roles", "viewer,workload,rule-publisher"));

        assertThat(roles.operatorRoles(Set.of("workload", "rule-publisher")))
                .containsExactly("viewer")
                .doesNotContain(Roles.WORKLOAD, Roles.RULE_PUBLISHER);
    }

    @Test
    void aWorkloadIsAWorkloadAndMoreOnlyAsItsServiceAccountIsGranted() {
        RoleAugmentor roles = augmentor(Map.of(
                "workloads.viewers", "apiguard/apiguard-posture",
                "workloads.rule-publishers", "apiguard/apiguard-enforcement"));

        assertThat(roles.workloadRoles(new WorkloadIdentity("payments", "default", "accounts-0", "uid")))
                .containsExactly(Roles.WORKLOAD);
        assertThat(roles.workloadRoles(new WorkloadIdentity("apiguard", "apiguard-posture", "posture-0", "uid")))
                .containsExactlyInAnyOrder(Roles.WORKLOAD, Roles.VIEWER);
        assertThat(roles.workloadRoles(new WorkloadIdentity("apiguard", "apiguard-enforcement", "e-0", "uid")))
                .containsExactlyInAnyOrder(Roles.WORKLOAD, Roles.RULE_PUBLISHER);
        // the same account name in another namespace is another account
        assertThat(roles.workloadRoles(new WorkloadIdentity("payments", "apiguard-posture", "p-0", "uid")))
                .containsExactly(Roles.WORKLOAD);
    }
}
