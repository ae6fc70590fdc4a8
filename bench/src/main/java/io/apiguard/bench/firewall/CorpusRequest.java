package io.apiguard.bench.firewall;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One request of a corpus, as one line of JSON: what it is (an attack of a category, or honest traffic), where its
 * payload sits, and the request itself exactly as it is to be sent.
 *
 * @param id            unique in its corpus: {@code <rule>-<test>[-<stage>]} for the CRS ones, {@code honest-<n>}
 * @param category      an attack {@link Category}'s label, or {@code honest}
 * @param rule          the CRS rule the test is for; 0 for honest traffic
 * @param paranoiaLevel the paranoia level of that rule in the CRS version the corpus came from; 0 for honest traffic
 * @param location      where the payload sits: {@code uri}, {@code headers} or {@code body}
 * @param method        the HTTP method, as given (the CRS tests use a few unusual ones)
 * @param uri           the request target, as given: not normalized, possibly not a valid {@link java.net.URI}
 * @param headers       request headers in order, without the framing ones the client sets itself
 * @param body          the request body; empty for none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CorpusRequest(
        String id,
        String category,
        int rule,
        int paranoiaLevel,
        String location,
        String method,
        String uri,
        Map<String, String> headers,
        String body) {

    /** The label of honest traffic. */
    public static final String HONEST = "honest";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public CorpusRequest {
        headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
        body = body == null ? "" : body;
    }

    /** True for honest traffic, where any block is a false positive. */
    public boolean honest() {
        return HONEST.equals(category);
    }

    /** Reads a corpus written by {@link #write}. */
    public static List<CorpusRequest> read(Path file) {
        List<CorpusRequest> requests = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    requests.add(JSON.readValue(line, CorpusRequest.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus " + file, e);
        }
        return requests;
    }

    /** Writes {@code requests} one JSON object a line. */
    public static void write(Path file, List<CorpusRequest> requests) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (CorpusRequest request : requests) {
                    writer.write(JSON.writeValueAsString(request));
                    writer.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the corpus " + file, e);
        }
    }
}
