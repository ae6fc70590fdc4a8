package io.apiguard.bench.firewall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.apiguard.bench.BenchSupport;

/**
 * The detection half of bench/firewall.sh: sends the CRS attack corpus and the honest traffic to each firewall and
 * writes what each blocked ({@link Tally}) as JSON, for {@link FirewallReport}.
 *
 * <pre>
 * java -cp ... io.apiguard.bench.firewall.FirewallBenchmark --attacks FILE [--honest 3000] [--every 1]
 *     --target sidecar=127.0.0.1:18090 --target modsecurity=127.0.0.1:18083 --out detection.json
 * </pre>
 *
 * {@code --every N} keeps every N-th attack (a smoke run). Before the corpus, each target must block an obvious
 * cross-site scripting attempt in the URI, which every configuration blocks: one that does not is misconfigured (no
 * rule set installed, ModSecurity in detection-only mode) and the run stops instead of reporting nonsense.
 */
public final class FirewallBenchmark {

    static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final CorpusRequest CANARY = new CorpusRequest(
            "canary",
            Category.XSS.label(),
            0,
            1,
            "uri",
            "GET",
            "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
            Map.of("Host", "localhost", "User-Agent", "bench"),
            "");

    private FirewallBenchmark() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        List<CorpusRequest> corpus = corpus(
                Path.of(BenchSupport.option(args, "--attacks", "crs-attacks.jsonl")),
                BenchSupport.intOption(args, "--every", 1),
                BenchSupport.intOption(args, "--honest", 3000));
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (Map.Entry<String, String> target : targets(args).entrySet()) {
            String[] address = target.getValue().split(":");
            try (CorpusSender sender = new CorpusSender(address[0], Integer.parseInt(address[1]))) {
                int canary = sender.send(List.of(CANARY)).get(CANARY.id());
                if (canary != 403) {
                    throw new IllegalStateException(target.getKey() + " answered " + canary + " to " + CANARY.uri()
                            + ": it does not block; check its configuration");
                }
                long started = System.nanoTime();
                Map<String, Integer> statuses = sender.send(corpus);
                Tally tally = Tally.of(corpus, statuses);
                tallies.put(target.getKey(), tally);
                System.out.printf(
                        "%-12s %5d requests in %4.1f s: attacks blocked %d of %d (%.1f %%), honest blocked %d of %d%n",
                        target.getKey(),
                        corpus.size(),
                        (System.nanoTime() - started) / 1e9,
                        tally.headline().blocked(),
                        tally.headline().total(),
                        tally.headline().blockedPercent(),
                        tally.honest().blocked(),
                        tally.honest().total());
            }
        }
        Path out = Path.of(BenchSupport.option(args, "--out", "detection.json"));
        JSON.writeValue(out.toFile(), tallies);
    }

    /** The attacks (every {@code every}-th) followed by {@code honest} honest requests. */
    static List<CorpusRequest> corpus(Path attacks, int every, int honest) {
        List<CorpusRequest> all = CorpusRequest.read(attacks);
        List<CorpusRequest> corpus = new ArrayList<>();
        for (int i = 0; i < all.size(); i += Math.max(1, every)) {
            corpus.add(all.get(i));
        }
        corpus.addAll(HonestTraffic.generate(honest));
        return corpus;
    }

    /** {@code --target name=host:port}, in order. */
    private static Map<String, String> targets(String[] args) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--target")) {
                String[] target = args[i + 1].split("=", 2);
                targets.put(target[0], target[1]);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("name at least one --target name=host:port");
        }
        return targets;
    }

    /** Reads what {@link #main} wrote. */
    static Map<String, Tally> readTallies(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), new TypeReference<LinkedHashMap<String, Tally>>() {});
    }
}
