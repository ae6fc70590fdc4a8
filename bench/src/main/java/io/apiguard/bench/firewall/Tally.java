package io.apiguard.bench.firewall;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one firewall did with a corpus: per attack category and payload location, how many requests it blocked (403),
 * refused otherwise (another 4xx or a 5xx: e.g. a request line the server would not parse), or left unanswered, and
 * the same for the honest traffic, where every block is a false positive.
 *
 * @param byCategory           per category label
 * @param byCategoryAndLocation per category label, per location ({@code uri}, {@code headers}, {@code body})
 * @param headline             the nine categories of the issue together
 * @param headlineByLocation   the same, per location
 * @param headlineParanoiaOne  the same, only the tests of rules at paranoia level 1
 * @param honest               the honest traffic
 */
public record Tally(
        Map<String, Cell> byCategory,
        Map<String, Map<String, Cell>> byCategoryAndLocation,
        Cell headline,
        Map<String, Cell> headlineByLocation,
        Cell headlineParanoiaOne,
        Cell honest) {

    /** Counts {@code statuses} (by request id) over {@code corpus}. */
    static Tally of(List<CorpusRequest> corpus, Map<String, Integer> statuses) {
        Map<String, Cell> byCategory = new TreeMap<>();
        Map<String, Map<String, Cell>> byLocation = new TreeMap<>();
        Cell headline = Cell.EMPTY;
        Map<String, Cell> headlineByLocation = new TreeMap<>();
        Cell paranoiaOne = Cell.EMPTY;
        Cell honest = Cell.EMPTY;
        for (CorpusRequest request : corpus) {
            Cell one = Cell.of(statuses.getOrDefault(request.id(), CorpusSender.NO_ANSWER));
            if (request.honest()) {
                honest = honest.plus(one);
                continue;
            }
            byCategory.merge(request.category(), one, Cell::plus);
            byLocation
                    .computeIfAbsent(request.category(), c -> new TreeMap<>())
                    .merge(request.location(), one, Cell::plus);
            if (Category.ofLabel(request.category()).map(Category::headline).orElse(false)) {
                headline = headline.plus(one);
                headlineByLocation.merge(request.location(), one, Cell::plus);
                if (request.paranoiaLevel() == 1) {
                    paranoiaOne = paranoiaOne.plus(one);
                }
            }
        }
        return new Tally(byCategory, byLocation, headline, headlineByLocation, paranoiaOne, honest);
    }

    /**
     * Counts of one group of requests.
     *
     * @param total   requests sent
     * @param blocked answered 403
     * @param refused answered with another 4xx or a 5xx
     * @param lost    not answered (or not sendable)
     */
    public record Cell(int total, int blocked, int refused, int lost) {

        static final Cell EMPTY = new Cell(0, 0, 0, 0);

        static Cell of(int status) {
            return new Cell(1, status == 403 ? 1 : 0, status >= 400 && status != 403 ? 1 : 0, status < 100 ? 1 : 0);
        }

        Cell plus(Cell other) {
            return new Cell(total + other.total, blocked + other.blocked, refused + other.refused, lost + other.lost);
        }

        /** Blocked, in percent of the total. */
        double blockedPercent() {
            return total == 0 ? 0 : 100.0 * blocked / total;
        }
    }
}
