package io.apiguard.devstack.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Follows the maturity level through successive reports of posture-service's {@code GET /api/v1/maturity} and says
 * what changed: each level gained, with the criteria that now hold, each level lost, with the reason, and what the
 * next level waits for. Remembers when each level was first reached. Pure; not thread-safe (one watcher feeds it).
 */
final class MaturityClimb {

    static final int MAX_LEVEL = 5;
    static final String PREFIX = "Maturity     ";
    static final String INDENT = "               ";

    private JsonNode previous;
    private int level = -1;
    private final Map<Integer, Duration> reachedAt = new TreeMap<>();

    /**
     * Takes the next report.
     *
     * @param report       posture's answer
     * @param sinceLaunch  time since the local run was launched
     * @return the lines to print: none when the level did not change
     */
    List<String> observe(JsonNode report, Duration sinceLaunch) {
        int now = report.path("level").asInt(0);
        List<String> lines = new ArrayList<>();
        String at = String.format(Locale.ROOT, "%5.1f s", sinceLaunch.toMillis() / 1000.0);
        if (now > level) {
            for (int gained = Math.max(level + 1, 1); gained <= now; gained++) {
                reachedAt.putIfAbsent(gained, sinceLaunch);
                JsonNode gainedLevel = levelOf(report, gained);
                lines.add(PREFIX + "level " + gained + " at " + at + "  "
                        + gainedLevel.path("name").asText());
                for (JsonNode criterion : nowHolding(gainedLevel, levelOf(previous, gained))) {
                    lines.add(INDENT + criterion.path("name").asText() + ": "
                            + criterion.path("detail").asText());
                }
            }
            if (now == 0) {
                lines.add(PREFIX + "level 0 at " + at);
            }
        } else if (now < level) {
            for (int lost = level; lost > now; lost--) {
                JsonNode lostLevel = levelOf(report, lost);
                lines.add(PREFIX + "level " + (lost - 1) + " at " + at + "  level " + lost + " no longer holds: "
                        + lostLevel.path("reason").asText("?"));
            }
        }
        if (now != level && now < MAX_LEVEL) {
            JsonNode blocking = levelOf(report, now + 1);
            lines.add(INDENT + "next: level " + (now + 1) + " ("
                    + blocking.path("name").asText() + ") waits for "
                    + blocking.path("reason").asText("?"));
        }
        level = now;
        previous = report;
        return lines;
    }

    /** The level of the last report, -1 before the first. */
    int level() {
        return level;
    }

    /** Since launch when {@code level} was first reached, null when it never was. */
    Duration reachedAt(int level) {
        return reachedAt.get(level);
    }

    /**
     * The criteria of a level that hold now but did not before; all that hold (but its service's readiness) when
     * none changed, so a level that held all along still says why.
     */
    private static List<JsonNode> nowHolding(JsonNode level, JsonNode before) {
        List<JsonNode> changed = new ArrayList<>();
        List<JsonNode> holding = new ArrayList<>();
        for (JsonNode criterion : level.path("criteria")) {
            if (!criterion.path("holds").asBoolean()) {
                continue;
            }
            if (!criterion.path("name").asText().endsWith(" is ready")) {
                holding.add(criterion);
            }
            if (!heldBefore(before, criterion.path("name").asText())) {
                changed.add(criterion);
            }
        }
        return changed.isEmpty() ? holding : changed;
    }

    private static boolean heldBefore(JsonNode before, String name) {
        if (before == null || before.isMissingNode()) {
            // the first report: nothing to compare with
            return true;
        }
        for (JsonNode criterion : before.path("criteria")) {
            if (criterion.path("name").asText().equals(name)) {
                return criterion.path("holds").asBoolean();
            }
        }
        return false;
    }

    /** Level {@code number} of a report (its {@code levels} entry), or a missing node. */
    static JsonNode levelOf(JsonNode report, int number) {
        if (report != null) {
            for (JsonNode level : report.path("levels")) {
                if (level.path("level").asInt() == number) {
                    return level;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
