package io.apiguard.bench.firewall;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import io.apiguard.bench.BenchSupport;

/**
 * The one table of bench/firewall.sh: per attack category the share each firewall blocked (and by payload location),
 * false positives on honest traffic, and the speed rows from wrk; printed and written as Markdown.
 *
 * <pre>
 * java -cp ... io.apiguard.bench.firewall.FirewallReport --detection detection.json --speed speed.properties
 *     --out bench/target/firewall-figures.md
 * </pre>
 *
 * The speed file holds wrk's figures as wrk printed them ({@code get.direct.p99=412.00us}, {@code get.sidecar.rps=...},
 * {@code post.modsecurity.tput=...}) plus the run's settings ({@code workers}, {@code connections}, {@code duration},
 * {@code crs}, {@code corpus}); a figure that is missing shows as a dash.
 */
public final class FirewallReport {

    private static final String SIDECAR = "sidecar";
    private static final String PEER = "modsecurity";

    private FirewallReport() {}

    public static void main(String[] args) throws IOException {
        Map<String, Tally> tallies =
                FirewallBenchmark.readTallies(Path.of(BenchSupport.option(args, "--detection", "")));
        Properties speed = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(BenchSupport.option(args, "--speed", "")))) {
            speed.load(reader);
        }
        String table = table(tallies, speed);
        System.out.println(table);
        Path out = Path.of(BenchSupport.option(args, "--out", "firewall-figures.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out);
    }

    static String table(Map<String, Tally> tallies, Properties speed) {
        Tally sidecar = tallies.get(SIDECAR);
        Tally peer = tallies.get(PEER);
        List<String> rows = new ArrayList<>();
        rows.add("# Firewall: the sidecar beside nginx + ModSecurity v3 + CRS, paranoia level 1");
        rows.add("");
        rows.add("Run " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on "
                + Runtime.getRuntime().availableProcessors()
                + " cores. Attacks: " + speed.getProperty("corpus", "the CRS regression tests") + ". Peer: "
                + speed.getProperty("crs", "nginx + ModSecurity + CRS")
                + ". Blocked means answered 403. Load average before the"
                + " speed runs: " + speed.getProperty("load", "?") + ".");
        if (busy(speed.getProperty("load", ""))) {
            rows.add("");
            rows.add("**The machine was busy** (load average above its cores): the latencies measure the other work as"
                    + " much as the proxies; run again on an idle machine before quoting them.");
        }
        rows.add("");
        rows.add("| what | sidecar | nginx + ModSecurity + CRS PL1 | sidecar / peer |");
        rows.add("| --- | --- | --- | --- |");
        for (Category category : Category.values()) {
            Tally.Cell cell = sidecar.byCategory().get(category.label());
            if (cell == null) {
                continue;
            }
            String apart = category.headline() ? "" : " (reported apart)";
            rows.add(row(
                    category.label() + apart + ": blocked of " + cell.total() + " (" + locations(sidecar, category)
                            + ")",
                    detected(sidecar, category),
                    detected(peer, category),
                    ratio(
                            sidecar.byCategory().get(category.label()).blockedPercent(),
                            peer.byCategory().get(category.label()).blockedPercent())));
        }
        rows.add(row(
                "**the nine categories**: blocked of " + sidecar.headline().total(),
                percent(sidecar.headline()),
                percent(peer.headline()),
                ratio(sidecar.headline().blockedPercent(), peer.headline().blockedPercent())));
        sidecar.headlineByLocation()
                .forEach((location, cell) -> rows.add(row(
                        "the same, payload in the " + location + ": of " + cell.total(),
                        percent(cell),
                        percent(peer.headlineByLocation().get(location)),
                        ratio(
                                cell.blockedPercent(),
                                peer.headlineByLocation()
                                        .getOrDefault(location, Tally.Cell.EMPTY)
                                        .blockedPercent()))));
        rows.add(row(
                "the same, tests of paranoia-level-1 rules only: of "
                        + sidecar.headlineParanoiaOne().total(),
                percent(sidecar.headlineParanoiaOne()),
                percent(peer.headlineParanoiaOne()),
                ratio(
                        sidecar.headlineParanoiaOne().blockedPercent(),
                        peer.headlineParanoiaOne().blockedPercent())));
        rows.add(row(
                "**honest API traffic: false positives** of " + sidecar.honest().total(),
                falsePositives(sidecar.honest()),
                falsePositives(peer.honest()),
                ""));
        String workers = speed.getProperty("workers", "?");
        String connections = speed.getProperty("connections", "?");
        rows.add(row(
                "inspection off, GET: throughput, " + workers + " workers each, " + connections + " connections (peer: "
                        + "nginx as a plain reverse proxy)",
                rate(speed, "get.sidecar.tput"),
                rate(speed, "get.nginx.tput"),
                ratio(number(speed, "get.sidecar.tput"), number(speed, "get.nginx.tput"))));
        rows.add(row(
                "inspection off, GET: p99 added at ~1,000 req/s to direct's " + millis(speed, "get.direct")
                        + " (peer: plain proxy)",
                added(speed, "get.sidecar", "get.direct"),
                added(speed, "get.nginx", "get.direct"),
                ""));
        rows.add(row(
                "1 KB JSON POST: throughput (sidecar: every signature blocking; peer: ModSecurity + CRS PL1)",
                rate(speed, "post.sidecar.tput"),
                rate(speed, "post.modsecurity.tput"),
                ratio(number(speed, "post.sidecar.tput"), number(speed, "post.modsecurity.tput"))));
        rows.add(row(
                "1 KB JSON POST: p99 added at up to 1,000 req/s to direct's " + millis(speed, "post.direct"),
                added(speed, "post.sidecar", "post.direct"),
                added(speed, "post.modsecurity", "post.direct"),
                ""));
        rows.add(row(
                "sidecar log: warnings once it was ready (corpus and load)",
                speed.getProperty("sidecar.warnings", "–"),
                "",
                ""));
        rows.add("");
        rows.add("Refused otherwise (another 4xx or a 5xx) and unanswered, attacks / honest: sidecar "
                + otherwise(sidecar) + "; peer " + otherwise(peer) + ".");
        return String.join("\n", rows) + "\n";
    }

    private static String row(String what, String sidecar, String peer, String ratio) {
        return "| " + what + " | " + sidecar + " | " + peer + " | " + ratio + " |";
    }

    private static String locations(Tally tally, Category category) {
        List<String> parts = new ArrayList<>();
        tally.byCategoryAndLocation()
                .getOrDefault(category.label(), Map.of())
                .forEach((location, cell) -> parts.add(location + " " + cell.total()));
        return String.join(", ", parts);
    }

    private static String detected(Tally tally, Category category) {
        Tally.Cell cell = tally.byCategory().get(category.label());
        List<String> parts = new ArrayList<>();
        tally.byCategoryAndLocation()
                .getOrDefault(category.label(), Map.of())
                .forEach((location, part) -> parts.add(location + " " + format("%.0f %%", part.blockedPercent())));
        return percent(cell) + " (" + String.join(", ", parts) + ")";
    }

    private static String percent(Tally.Cell cell) {
        return cell == null ? "–" : format("%.1f %%", cell.blockedPercent());
    }

    private static String falsePositives(Tally.Cell cell) {
        return cell.blocked() + format(" (%.2f %%)", cell.blockedPercent());
    }

    private static String otherwise(Tally tally) {
        Function<Tally.Cell, String> both = cell -> cell.refused() + "+" + cell.lost();
        Tally.Cell attacks = tally.byCategory().values().stream().reduce(Tally.Cell.EMPTY, Tally.Cell::plus);
        return both.apply(attacks) + " / " + both.apply(tally.honest());
    }

    private static String ratio(double ours, double theirs) {
        return Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0 ? "–" : format("%.2fx", ours / theirs);
    }

    private static String rate(Properties speed, String key) {
        double value = number(speed, key);
        return Double.isNaN(value) ? "–" : format("%,.0f req/s", value);
    }

    private static double number(Properties speed, String key) {
        String value = speed.getProperty(key, "").strip();
        return value.isEmpty() ? Double.NaN : Double.parseDouble(value);
    }

    private static String millis(Properties speed, String name) {
        double p99 = wrkMillis(speed.getProperty(name + ".p99", ""));
        return Double.isNaN(p99) ? "–" : format("p99 %.2f ms", p99);
    }

    /** p99 minus the direct p99, with the p99 itself and the rate wrk achieved. */
    private static String added(Properties speed, String name, String direct) {
        double p99 = wrkMillis(speed.getProperty(name + ".p99", ""));
        double base = wrkMillis(speed.getProperty(direct + ".p99", ""));
        if (Double.isNaN(p99) || Double.isNaN(base)) {
            return "–";
        }
        return format("%+.2f ms (p99 %.2f ms at %,.0f req/s)", p99 - base, p99, number(speed, name + ".rps"));
    }

    /** True when the one-minute load average (first of {@code /proc/loadavg}'s three) exceeds the cores. */
    static boolean busy(String load) {
        String[] averages = load.strip().split("\\s+");
        try {
            return Double.parseDouble(averages[0]) > Runtime.getRuntime().availableProcessors();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A wrk latency ({@code 412.00us}, {@code 1.20ms}, {@code 2.01s}) in milliseconds. */
    static double wrkMillis(String value) {
        String v = value.strip();
        if (v.endsWith("us")) {
            return Double.parseDouble(v.substring(0, v.length() - 2)) / 1000;
        }
        if (v.endsWith("ms")) {
            return Double.parseDouble(v.substring(0, v.length() - 2));
        }
        if (v.endsWith("m")) {
            return Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000;
        }
        if (v.endsWith("s")) {
            return Double.parseDouble(v.substring(0, v.length() - 1)) * 1000;
        }
        return Double.NaN;
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
