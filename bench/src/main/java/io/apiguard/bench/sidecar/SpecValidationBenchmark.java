package io.apiguard.bench.sidecar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.events.RuleAction;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.inspect.RequestContent;
import io.apiguard.common.paths.RouteTable;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.sidecar.rules.CallFacts;
import io.apiguard.sidecar.rules.RuleEvaluator;
import io.apiguard.sidecar.spec.PositiveModel;
import io.apiguard.sidecar.spec.SpecFindings;

/**
 * The positive model's cost per call on a ~1 KB JSON POST (an account opening: strings with bounds and patterns, an
 * enum, numbers, a nested object, an array of objects): {@code conforming} parses the body and validates it against
 * its closed schema (strict writes, the default), {@code massAssignment} the same body with an undeclared
 * {@code isAdmin}, {@code lenient} without strict writes; {@code routeAndCheck} adds the route table lookup, as the
 * proxy does. For scale, {@code bodySignatures} is the rule engine running three payload signatures (SQL injection,
 * XSS, path traversal) over the same call, body included. Average time and, in sample mode, p50/p99.
 *
 * <p>Run: {@code bench/spec-validation.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
public class SpecValidationBenchmark {

    static final String HOST = "bank.example";
    static final String PATH = "/accounts";

    /** The request body schema of the benchmark's POST, as a spec's {@code requestBody} would give it. */
    static final String SCHEMA = """
            {"type":"object","required":["owner","currency","type","address"],"properties":{
              "owner":{"type":"string","minLength":1,"maxLength":80},
              "currency":{"type":"string","enum":["EUR","USD","GBP","CHF"]},
              "iban":{"type":"string","pattern":"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"},
              "type":{"type":"string","enum":["current","savings","joint"]},
              "overdraft":{"type":"integer","minimum":0,"maximum":10000},
              "openedBy":{"type":"string","maxLength":40},
              "address":{"type":"object","required":["street","city","country"],"properties":{
                "street":{"type":"string","maxLength":120},"city":{"type":"string","maxLength":60},
                "postcode":{"type":"string","maxLength":12},"country":{"type":"string","pattern":"^[A-Z]{2}$"}}},
              "contacts":{"type":"array","maxItems":10,"items":{"type":"object","required":["kind","value"],
                "properties":{"kind":{"type":"string","enum":["email","phone"]},
                  "value":{"type":"string","maxLength":120},"primary":{"type":"boolean"}}}},
              "tags":{"type":"array","maxItems":10,"items":{"type":"string","maxLength":30}},
              "note":{"type":"string","maxLength":2000}}}""";

    private RuleEvaluator spec;
    private RuleEvaluator lenientSpec;
    private RuleEvaluator signatures;
    private RouteTable.Resolved route;
    private RequestContent conformingBody;
    private RequestContent massAssignmentBody;
    private CallFacts signatureFacts;

    @Setup
    public void setUp() throws Exception {
        RequestContract contract =
                new RequestContract(List.of(), true, Map.of("application/json", new ObjectMapper().readTree(SCHEMA)));
        RuleSet.Route account = new RuleSet.Route(
                "api-accounts",
                HOST,
                "/",
                MatchType.PREFIX,
                List.of(new RuleSet.RouteTemplate("POST", PATH, "openAccount", contract)),
                List.of(),
                SpecValidation.ENFORCE);
        Instant now = Instant.now();
        RuleSet withSpec = RuleSet.of(1, now, List.of(), null, null, null, List.of(account));
        spec = RuleEvaluator.compile(withSpec, null, false, null, 1_000, PositiveModel.Options.DEFAULTS);
        lenientSpec = RuleEvaluator.compile(withSpec, null, false, null, 1_000, new PositiveModel.Options(false, 8));
        route = spec.route(HOST, "POST", PATH);
        if (route.handle() < 0) {
            throw new IllegalStateException("the benchmark's POST resolves to no declared operation");
        }
        String body = body(false);
        conformingBody = content(body);
        massAssignmentBody = content(body(true));
        List<EnforcementRule> rules = List.of("sql-injection", "xss", "path-traversal").stream()
                .map(signature -> new EnforcementRule(
                        "sig-" + signature,
                        new EnforcementRule.Match(null, null, null, null, null, null, signature),
                        RuleAction.BLOCK,
                        null,
                        null,
                        null,
                        "bench",
                        now,
                        null,
                        RuleMode.ENFORCE))
                .toList();
        signatures = RuleEvaluator.compile(
                RuleSet.of(1, now, rules, null, null, null, List.of(account)), "bench", false, null, 1_000);
        signatureFacts =
                new CallFacts("alex", null, "10.0.0.1", "api-accounts", "POST", PATH, PATH, null, PATH, conformingBody);
        SpecFindings check = conforming();
        if (check.violated() || !massAssignment().violated()) {
            throw new IllegalStateException("the benchmark's bodies are not what they claim: " + check.violations());
        }
        if (signatures
                        .evaluate(signatureFacts, System.currentTimeMillis(), System.nanoTime())
                        .violation()
                != null) {
            throw new IllegalStateException("the honest body matches a signature");
        }
    }

    /** A ~1 KB account opening, honest; with {@code isAdmin} when {@code admin}. */
    static String body(boolean admin) {
        String json = "{\"owner\":\"Ada Lovelace-King\",\"currency\":\"EUR\",\"iban\":\"DE89370400440532013000\","
                + "\"type\":\"joint\",\"overdraft\":500,\"openedBy\":\"branch-london-12\","
                + "\"address\":{\"street\":\"12 Analytical Engine Road, Flat 3\",\"city\":\"London\","
                + "\"postcode\":\"N1 9GU\",\"country\":\"GB\"},"
                + "\"contacts\":[{\"kind\":\"email\",\"value\":\"ada.lovelace@example.com\",\"primary\":true},"
                + "{\"kind\":\"phone\",\"value\":\"+44 20 7946 0958\",\"primary\":false},"
                + "{\"kind\":\"phone\",\"value\":\"+44 7700 900123\"}],"
                + "\"tags\":[\"salary\",\"primary\",\"paperless\",\"joint-holder\"],"
                + (admin ? "\"isAdmin\":true," : "")
                + "\"note\":\"Customer asked for a joint account with her husband William; statements by e-mail "
                + "only, monthly. She will transfer her salary from the old bank in March, and wants the "
                + "overdraft reviewed after six months. Please call her mobile before 6 pm on weekdays; she "
                + "prefers not to be contacted on weekends. Documents checked at the branch: passport, council "
                + "tax bill, payslip. Follow-up meeting booked for the 14th at 10:30 with the branch manager, Mr Babbage, "
                + "who will bring the joint mandate forms and the paperless statement consent.\"}";
        if (json.length() < 950 || json.length() > 1_150) {
            throw new IllegalStateException("body is " + json.length() + " bytes, not ~1 KB");
        }
        return json;
    }

    private static RequestContent content(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new RequestContent(
                Map.of("content-type", List.of("application/json")), "application/json", bytes, bytes.length, false);
    }

    @Benchmark
    public SpecFindings conforming() {
        return spec.positiveModel().check(route, PATH, null, conformingBody);
    }

    @Benchmark
    public SpecFindings massAssignment() {
        return spec.positiveModel().check(route, PATH, null, massAssignmentBody);
    }

    @Benchmark
    public SpecFindings lenient() {
        return lenientSpec.positiveModel().check(route, PATH, null, conformingBody);
    }

    @Benchmark
    public SpecFindings routeAndCheck() {
        RouteTable.Resolved resolved = spec.route(HOST, "POST", PATH);
        return spec.positiveModel().check(resolved, PATH, null, conformingBody);
    }

    @Benchmark
    public Object bodySignatures() {
        return signatures.evaluate(signatureFacts, System.currentTimeMillis(), System.nanoTime());
    }
}
