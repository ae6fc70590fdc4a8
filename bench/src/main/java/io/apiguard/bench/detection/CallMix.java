package io.apiguard.bench.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.detection.TestCalls;

/**
 * A realistic call mix for the benchmarks: many subjects on a handful of endpoint templates, mostly reads of the
 * subject's own objects, some searches with ordinary query strings, a few refusals, admin calls and attack payloads.
 */
final class CallMix {

    private CallMix() {}

    static List<ApiCallRecord> generate(int count, int subjects, long start, long spacingMicros, long seed) {
        Random random = new Random(seed);
        List<ApiCallRecord> calls = new ArrayList<>(count);
        String[] queries = {"q=red+shoes", "page=2&size=50", "sort=-created", "filter=open", "q=O'Brien"};
        String[] payloads = {
            "q=1'+OR+'1'='1",
            "url=http://169.254.169.254/latest",
            "file=../../etc/passwd",
            "q=<script>alert(1)</script>"
        };
        for (int i = 0; i < count; i++) {
            int s = random.nextInt(subjects);
            String subject = "user-" + s + "@tenant-" + (s % 50);
            long at = start + (i * spacingMicros) / 1000;
            TestCalls call = TestCalls.by(subject)
                    .ip("10." + (s % 200) + "." + (s % 7) + "." + (s % 250))
                    .at(at)
                    .roles(s % 100 == 0 ? "admin" : "customer")
                    .bytes(200 + random.nextInt(4000));
            int kind = random.nextInt(1000);
            if (kind < 600) {
                calls.add(call.account(String.valueOf(s * 10 + random.nextInt(5))));
            } else if (kind < 800) {
                calls.add(call.call(
                        "GET", "/customers/{id}/orders/{id}", "orders", String.valueOf(s * 100 + random.nextInt(20))));
            } else if (kind < 950) {
                calls.add(call.query(queries[random.nextInt(queries.length)]).plain("GET", "/search"));
            } else if (kind < 980) {
                calls.add(call.status(401).plain("POST", "/login"));
            } else if (kind < 995) {
                calls.add(call.plain("GET", "/admin/settings"));
            } else {
                calls.add(call.query(payloads[random.nextInt(payloads.length)]).plain("GET", "/search"));
            }
        }
        return calls;
    }

    /** An injection attempt by {@code subject} now, on a raw path (no template), which opens an incident at once. */
    static ApiCallRecord injection(String subject) {
        return TestCalls.by(subject)
                .ip("10.99.0.1")
                .at(System.currentTimeMillis())
                .query("q=1'+OR+'1'='1")
                .raw("GET", "/search");
    }
}
