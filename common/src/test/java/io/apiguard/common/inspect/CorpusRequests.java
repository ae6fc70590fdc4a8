package io.apiguard.common.inspect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Requests of a JSON-lines test corpus ({@code uri}, optional {@code headers}, {@code body}, {@code contentType}). */
record CorpusRequests(String category, String label, String path, String rawQuery, RequestContent content) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The requests of resource {@code name}, one JSON object a line. */
    static List<CorpusRequests> load(String name) {
        List<CorpusRequests> requests = new ArrayList<>();
        try (InputStream in = CorpusRequests.class.getResourceAsStream(name);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    requests.add(parse(JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }

    /** The inspected form of this request. */
    InspectedRequest inspected() {
        return InspectedRequest.of(path, rawQuery, content);
    }

    private static CorpusRequests parse(JsonNode line) {
        String uri = line.path("uri").asText("/");
        int question = uri.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        line.path("headers")
                .fields()
                .forEachRemaining(header -> headers.put(
                        header.getKey().toLowerCase(Locale.ROOT),
                        List.of(header.getValue().asText())));
        String contentType =
                line.hasNonNull("contentType") ? line.get("contentType").asText() : null;
        byte[] body = line.hasNonNull("body") ? line.get("body").asText().getBytes(StandardCharsets.UTF_8) : null;
        RequestContent content = new RequestContent(headers, contentType, body, body == null ? 0 : body.length, false);
        String label = line.path("rule").asText("") + "-" + line.path("test").asText("") + " " + uri;
        return new CorpusRequests(
                line.path("category").asText("honest"),
                label,
                question < 0 ? uri : uri.substring(0, question),
                question < 0 ? null : uri.substring(question + 1),
                content);
    }
}
