package io.apiguard.posture.scores;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.Severity;
import io.apiguard.posture.findings.Finding;

/**
 * Scores from open findings: an API starts at 100 and loses its severity's weight per open finding, down to 0; a
 * namespace and the whole inventory score the mean of their APIs (100 without APIs). Acknowledged, suppressed and
 * resolved findings cost nothing. Pure.
 */
public final class Scores {

    /** APIs without a namespace (traffic-only APIs) are grouped under this name. */
    public static final String NO_NAMESPACE = "(none)";

    private final Map<Severity, Integer> weights;

    public Scores(Map<Severity, Integer> weights) {
        this.weights = new EnumMap<>(weights);
    }

    /** A score of one API. */
    public record ApiScore(
            String apiId, String host, String path, String namespace, int score, Map<Severity, Integer> open) {}

    /** The score of a group of APIs. */
    public record GroupScore(String namespace, double score, int apis, int openFindings) {}

    /** Every score. */
    public record Report(GroupScore overall, List<GroupScore> namespaces, List<ApiScore> apis) {}

    /** Scores {@code apis} from {@code findings}; {@code apis} in the report are the lowest-scoring {@code limit}. */
    public Report score(Collection<ApiEndpoint> apis, Collection<Finding> findings, int limit) {
        Map<String, Map<Severity, Integer>> openByApi = new HashMap<>();
        for (Finding finding : findings) {
            if (finding.state() == FindingState.OPEN) {
                openByApi
                        .computeIfAbsent(finding.apiId(), id -> new EnumMap<>(Severity.class))
                        .merge(finding.severity(), 1, Integer::sum);
            }
        }
        List<ApiScore> scores = new ArrayList<>(apis.size());
        for (ApiEndpoint api : apis) {
            Map<Severity, Integer> open = openByApi.getOrDefault(api.id(), Map.of());
            int penalty = 0;
            for (Map.Entry<Severity, Integer> entry : open.entrySet()) {
                penalty += weights.getOrDefault(entry.getKey(), 0) * entry.getValue();
            }
            scores.add(new ApiScore(
                    api.id(),
                    api.host(),
                    api.path(),
                    api.namespace() == null ? NO_NAMESPACE : api.namespace(),
                    Math.max(0, 100 - penalty),
                    open.isEmpty() ? Map.of() : new EnumMap<>(open)));
        }
        Map<String, List<ApiScore>> byNamespace = new TreeMap<>();
        scores.forEach(score -> byNamespace
                .computeIfAbsent(score.namespace(), ns -> new ArrayList<>())
                .add(score));
        List<GroupScore> namespaces = new ArrayList<>();
        byNamespace.forEach((namespace, members) -> namespaces.add(group(namespace, members)));
        scores.sort(Comparator.comparingInt(ApiScore::score).thenComparing(ApiScore::apiId));
        return new Report(group(null, scores), namespaces, scores.subList(0, Math.min(limit, scores.size())));
    }

    private static GroupScore group(String namespace, List<ApiScore> members) {
        if (members.isEmpty()) {
            return new GroupScore(namespace, 100.0, 0, 0);
        }
        long sum = 0;
        int open = 0;
        for (ApiScore score : members) {
            sum += score.score();
            open += score.open().values().stream().mapToInt(Integer::intValue).sum();
        }
        return new GroupScore(namespace, Math.round(sum * 10.0 / members.size()) / 10.0, members.size(), open);
    }
}
