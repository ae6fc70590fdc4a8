package io.apiguard.sidecar.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The rule engine stays pure: no CDI, no configuration mapping, no I/O, no Vert.x or Netty, nothing of the sidecar's
 * other packages. Checked on the sources, imports and fully qualified names alike, comments left out.
 */
class RulesPurityTest {

    /** The rule engine and the positive model it carries. */
    private static final List<Path> SOURCES = List.of(
            Path.of("src/main/java/io/apiguard/sidecar/rules"), Path.of("src/main/java/io/apiguard/sidecar/spec"));

    private static final List<String> FORBIDDEN = List.of(
            "jakarta.",
            "javax.",
            "io.quarkus.",
            "io.vertx.",
            "io.netty.",
            "io.smallrye.",
            "org.eclipse.microprofile.",
            "org.jboss.",
            "io.micrometer.",
            "java.io.",
            "java.nio.file.",
            "java.nio.channels.",
            "java.net.",
            "java.sql.",
            "io.apiguard.support.",
            "io.apiguard.sidecar.sync.",
            "io.apiguard.sidecar.enforcement.",
            "io.apiguard.sidecar.proxy.",
            "io.apiguard.sidecar.capture.");
    /** In memory only: the percent-decoders (the signatures' buffer, the positive model's URLDecoder). */
    private static final List<String> ALLOWED = List.of("java.io.ByteArrayOutputStream", "java.net.URLDecoder");

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");

    @Test
    void theRuleEngineUsesNoCdiNoIoAndNoVertx() throws IOException {
        // Given
        Map<String, List<String>> violations = new TreeMap<>();
        List<Path> files;
        files = new ArrayList<>();
        for (Path sources : SOURCES) {
            try (Stream<Path> listing = Files.list(sources)) {
                listing.filter(file -> file.toString().endsWith(".java")).forEach(files::add);
            }
        }

        // When
        for (Path file : files) {
            String code = COMMENT.matcher(Files.readString(file)).replaceAll("");
            Matcher names = NAME.matcher(code);
            while (names.find()) {
                String name = names.group();
                if (ALLOWED.contains(name)) {
                    continue;
                }
                if (FORBIDDEN.stream().anyMatch(name::startsWith)) {
                    violations
                            .computeIfAbsent(file.getFileName().toString(), f -> new ArrayList<>())
                            .add(name);
                }
            }
        }

        // Then
        assertThat(files)
                .extracting(file -> file.getFileName().toString())
                .contains("RuleEvaluator.java", "RateLimiter.java", "CidrIndex.java", "PositiveModel.java");
        assertThat(violations).isEmpty();
    }

    @Test
    void noTypeOfTheRuleEngineCarriesAnAnnotationAtRuntime() {
        // CDI scopes, @ConfigMapping, JAX-RS: all are runtime annotations; the engine has none
        for (Class<?> type : List.of(
                RuleEvaluator.class,
                CompiledRule.class,
                CidrIndex.class,
                RateLimiter.class,
                CallFacts.class,
                EnforcementDecision.class)) {
            assertThat(type.getAnnotations()).as(type.getSimpleName()).isEmpty();
        }
    }
}
