package io.apiguard.bench.firewall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.apiguard.bench.BenchSupport;

/**
 * Turns the CRS regression tests (go-ftw YAML, {@code tests/regression/tests/REQUEST-*}) into the attack corpus of
 * bench/firewall.sh, one request a line ({@link CorpusRequest}). Only stages the CRS expects to be detected (a
 * non-empty {@code expect_ids}) are attacks; a stage given as raw bytes ({@code encoded_request}) cannot be sent by an
 * HTTP client and is left out (and counted). The paranoia level of each rule is read from the rule files of the same
 * CRS checkout, so the table can also say how a paranoia-level-1 engine fares on its own rules.
 *
 * <pre>java -cp ... io.apiguard.bench.firewall.CrsCorpusConverter --crs CHECKOUT --out FILE.jsonl --source TEXT</pre>
 *
 * {@code CHECKOUT} holds {@code rules/} and {@code tests/regression/tests/}; {@code TEXT} (the CRS version) is written
 * to {@code FILE.source} beside the corpus.
 */
public final class CrsCorpusConverter {

    /** Headers the HTTP client sets itself from the body and its connection handling. */
    private static final Set<String> FRAMING =
            Set.of("content-length", "transfer-encoding", "connection", "expect", "keep-alive", "proxy-connection");
    /** Headers that carry the test's ordinary request, not its payload. */
    private static final Set<String> ORDINARY = Set.of(
            "host", "accept", "accept-language", "accept-encoding", "accept-charset", "content-type", "cache-control");
    /** The user agents of the CRS's own test clients. */
    private static final Set<String> TEST_AGENTS = Set.of("OWASP CRS test agent", "OWASP CRS Tests");
    /** A body this plain ({@code test=value}) beside an unusual header is the test's filler, not its payload. */
    private static final Pattern PLAIN_BODY = Pattern.compile("[A-Za-z0-9=&_.-]*");

    private static final Pattern PARANOIA_SECTION = Pattern.compile("DETECTION_PARANOIA_LEVEL \"@lt (\\d)\"");
    private static final Pattern RULE_ID = Pattern.compile("\\bid:(\\d{6})");

    private final YAMLMapper yaml = new YAMLMapper();
    private final Map<Integer, Integer> paranoiaLevels;
    private final Map<String, Integer> skipped = new TreeMap<>();

    CrsCorpusConverter(Map<Integer, Integer> paranoiaLevels) {
        this.paranoiaLevels = paranoiaLevels;
    }

    public static void main(String[] args) throws IOException {
        Path crs = Path.of(BenchSupport.option(args, "--crs", "."));
        Path out = Path.of(BenchSupport.option(args, "--out", "crs-attacks.jsonl"));
        CrsCorpusConverter converter = new CrsCorpusConverter(paranoiaLevels(crs.resolve("rules")));
        List<CorpusRequest> corpus = converter.convert(crs.resolve("tests/regression/tests"));
        CorpusRequest.write(out, corpus);
        // where it came from, for the table's caption
        Files.writeString(
                out.resolveSibling(out.getFileName().toString().replaceFirst("\\.jsonl$", "") + ".source"),
                BenchSupport.option(args, "--source", "coreruleset (version not given)") + "\n");
        Map<String, Integer> counts = new TreeMap<>();
        corpus.forEach(request -> counts.merge(request.category() + " / " + request.location(), 1, Integer::sum));
        System.out.printf("%d attack requests written to %s%n", corpus.size(), out);
        counts.forEach((key, count) -> System.out.printf("  %-50s %5d%n", key, count));
        converter.skipped.forEach((why, count) -> System.out.printf("  left out: %-40s %5d%n", why, count));
    }

    /**
     * The paranoia level of every rule id in the CRS rule files under {@code rules}: a rule belongs to the level of
     * the {@code DETECTION_PARANOIA_LEVEL "@lt N"} section it follows. Empty when the directory is missing.
     */
    static Map<Integer, Integer> paranoiaLevels(Path rules) throws IOException {
        Map<Integer, Integer> levels = new HashMap<>();
        if (!Files.isDirectory(rules)) {
            return levels;
        }
        try (Stream<Path> files = Files.list(rules)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
                int level = 1;
                for (String line : Files.readAllLines(file)) {
                    Matcher section = PARANOIA_SECTION.matcher(line);
                    if (section.find()) {
                        level = Integer.parseInt(section.group(1));
                        continue;
                    }
                    Matcher id = RULE_ID.matcher(line);
                    if (id.find()) {
                        levels.putIfAbsent(Integer.parseInt(id.group(1)), level);
                    }
                }
            }
        }
        return levels;
    }

    /** The attack requests of every request-side test file under {@code tests}, in file order. */
    List<CorpusRequest> convert(Path tests) throws IOException {
        List<CorpusRequest> corpus = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> f.getParent().getFileName().toString().startsWith("REQUEST-"))
                    .sorted()
                    .toList()) {
                corpus.addAll(convertFile(file));
            }
        }
        return corpus;
    }

    private List<CorpusRequest> convertFile(Path file) {
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not a readable test file: " + file, e);
        }
        List<CorpusRequest> requests = new ArrayList<>();
        if (root == null || !root.has("rule_id")) {
            return requests;
        }
        int rule = root.get("rule_id").asInt();
        if (Category.ofRule(rule).isEmpty()) {
            skip("rule family not counted (" + rule / 1000 + ")");
            return requests;
        }
        for (JsonNode test : root.path("tests")) {
            JsonNode stages = test.path("stages");
            for (int i = 0; i < stages.size(); i++) {
                JsonNode stage = stages.get(i).has("stage") ? stages.get(i).get("stage") : stages.get(i);
                String id = rule + "-" + test.path("test_id").asText() + (stages.size() > 1 ? "-" + (i + 1) : "");
                request(id, rule, stage).ifPresent(requests::add);
            }
        }
        return requests;
    }

    private java.util.Optional<CorpusRequest> request(String id, int rule, JsonNode stage) {
        JsonNode expected = stage.path("output").path("log").path("expect_ids");
        if (!expected.isArray() || expected.isEmpty()) {
            return java.util.Optional.empty();
        }
        JsonNode input = stage.path("input");
        if (input.has("encoded_request")) {
            skip("raw bytes (encoded_request)");
            return java.util.Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = input.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (!FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(header.getKey(), header.getValue().asText());
            }
        }
        String body = input.path("data").isMissingNode() || input.path("data").isNull()
                ? ""
                : input.path("data").asText();
        boolean autocomplete = input.path("autocomplete_headers").asBoolean(true);
        if (!body.isEmpty() && autocomplete && headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
            // go-ftw's header completion, which the CRS's expectations were written against
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        Category category = Category.ofRule(rule).orElseThrow();
        return java.util.Optional.of(new CorpusRequest(
                id,
                category.label(),
                rule,
                paranoiaLevels.getOrDefault(rule, 0),
                location(headers, body),
                input.path("method").asText("GET"),
                input.path("uri").asText("/"),
                headers,
                body));
    }

    /**
     * Where the payload sits: the body when there is one, unless it is plain filler beside an unusual header; else an
     * unusual header (one a test client would not send, or an odd user agent); else the URI.
     */
    static String location(Map<String, String> headers, String body) {
        boolean unusualHeader = headers.entrySet().stream().anyMatch(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("user-agent")) {
                return !TEST_AGENTS.contains(header.getValue());
            }
            return !ORDINARY.contains(name);
        });
        if (!body.isEmpty() && !(unusualHeader && PLAIN_BODY.matcher(body).matches())) {
            return "body";
        }
        return unusualHeader ? "headers" : "uri";
    }

    private void skip(String why) {
        skipped.merge(why, 1, Integer::sum);
    }
}
