package io.apiguard.sidecar.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.common.inspect.RequestContent;
import io.apiguard.common.paths.RouteTable;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.spec.SpecCheck;
import io.apiguard.common.spec.SpecValidation;

/**
 * A rule set's positive model: for every API whose spec is checked (monitor or enforce), each declared operation's
 * {@link io.apiguard.common.spec.RequestContract} compiled into an {@link OperationValidator}, found by the handle the
 * route table resolves a call to ({@link RouteTable.Resolved#handle()}), so a call's operation is one array read away.
 *
 * <p>Handles: the {@code i}-th declared template of the rule set, route by route in the set's order, has handle
 * {@code i} ({@link #declared}); the route table is built with the same numbering.
 *
 * <p>A contract that fails to compile (a schema the validator refuses) leaves its operation declared but unchecked: it
 * is counted ({@link #uncheckedOperations()}) and said why ({@link #uncheckedReasons()}, which the installer logs
 * once); it never fails the rule set.
 *
 * <p>Threading: {@link #compile} is CPU work (every schema compiled) and runs where the rule set is installed, never on
 * an event loop. The model is immutable; {@link #check} is called on every event loop at once.
 */
public final class PositiveModel {

    private static final PositiveModel EMPTY =
            new PositiveModel(Map.of(), new OperationValidator[0], new String[0], 0, 0, List.of(), 1);

    /**
     * How a model is compiled.
     *
     * @param strictWrites  close write bodies' schemas to undeclared properties (mass assignment)
     * @param maxViolations the most violations recorded of one call
     */
    public record Options(boolean strictWrites, int maxViolations) {

        public static final Options DEFAULTS = new Options(true, 8);
    }

    /** A declared template of the rule set, in handle order. */
    public record Declared(RuleSet.Route route, RuleSet.RouteTemplate template) {}

    private final Map<String, SpecValidation> modes;
    private final OperationValidator[] operations;
    /** By handle: what a conforming call of the operation finds, built once. */
    private final SpecFindings[] conforming;

    private final int checkedOperations;
    private final int uncheckedOperations;
    private final List<String> uncheckedReasons;
    private final int maxViolations;

    private PositiveModel(
            Map<String, SpecValidation> modes,
            OperationValidator[] operations,
            String[] names,
            int checkedOperations,
            int uncheckedOperations,
            List<String> uncheckedReasons,
            int maxViolations) {
        this.modes = modes;
        this.operations = operations;
        this.conforming = new SpecFindings[operations.length];
        this.checkedOperations = checkedOperations;
        this.uncheckedOperations = uncheckedOperations;
        this.uncheckedReasons = List.copyOf(uncheckedReasons);
        this.maxViolations = maxViolations;
        for (int handle = 0; handle < operations.length; handle++) {
            conforming[handle] =
                    names[handle] == null ? SpecFindings.NONE : new SpecFindings(names[handle], List.of(), List.of());
        }
    }

    /** A model that checks nothing. */
    public static PositiveModel empty() {
        return EMPTY;
    }

    /** The declared templates of {@code routes}: the {@code i}-th has handle {@code i}. */
    public static List<Declared> declared(List<RuleSet.Route> routes) {
        List<Declared> declared = new ArrayList<>();
        for (RuleSet.Route route : routes) {
            for (RuleSet.RouteTemplate template : route.declared()) {
                declared.add(new Declared(route, template));
            }
        }
        return declared;
    }

    /** Compiles the operations of every API of {@code routes} whose spec is checked. Never throws for a schema. */
    public static PositiveModel compile(List<RuleSet.Route> routes, Options options) {
        Map<String, SpecValidation> modes = new HashMap<>();
        for (RuleSet.Route route : routes) {
            if (route.validation() != SpecValidation.OFF) {
                modes.putIfAbsent(route.apiId(), route.validation());
            }
        }
        if (modes.isEmpty()) {
            return EMPTY;
        }
        List<Declared> declared = declared(routes);
        OperationValidator[] operations = new OperationValidator[declared.size()];
        String[] names = new String[declared.size()];
        int checked = 0;
        int unchecked = 0;
        List<String> reasons = new ArrayList<>();
        for (int handle = 0; handle < operations.length; handle++) {
            Declared each = declared.get(handle);
            RuleSet.RouteTemplate template = each.template();
            if (each.route().validation() == SpecValidation.OFF || template.request() == null) {
                continue; // not a spec operation: a call it serves is undeclared where the spec is checked
            }
            names[handle] = template.operation();
            try {
                operations[handle] = OperationValidator.compile(
                        template.method(), template.template(), template.request(), options.strictWrites());
                checked++;
            } catch (RuntimeException e) {
                operations[handle] = OperationValidator.UNCHECKED;
                unchecked++;
                reasons.add(String.format(
                        "operation %s of API %s is not checked against its spec: its schema does not compile (%s)",
                        template.operation() == null
                                ? template.method() + " " + template.template()
                                : template.operation(),
                        each.route().apiId(),
                        e.getMessage()));
            }
        }
        return new PositiveModel(
                Map.copyOf(modes), operations, names, checked, unchecked, reasons, options.maxViolations());
    }

    /** What is done with calls of {@code apiId} that break its spec; {@link SpecValidation#OFF} for null or unknown. */
    public SpecValidation mode(String apiId) {
        if (apiId == null || modes.isEmpty()) {
            return SpecValidation.OFF;
        }
        return modes.getOrDefault(apiId, SpecValidation.OFF);
    }

    /**
     * Checks a call against the operation the route table resolved it to; an API's call that fits no declared
     * operation is {@link SpecCheck#UNDECLARED_OPERATION}. Call only for an API whose {@link #mode} is not off.
     * Thread-safe; never throws for anything in the call.
     *
     * @param route    the call's place in the route table (of the same rule set)
     * @param path     the request path as received
     * @param rawQuery the query string as received, or null
     * @param content  the headers and body the proxy read
     */
    public SpecFindings check(RouteTable.Resolved route, String path, String rawQuery, RequestContent content) {
        int handle = route.handle();
        OperationValidator operation = handle >= 0 && handle < operations.length ? operations[handle] : null;
        Violations out = new Violations(maxViolations);
        if (operation == null) {
            out.add(SpecCheck.UNDECLARED_OPERATION, "path", "the spec declares no operation for this method and path");
            return new SpecFindings(null, out.list(), out.checks());
        }
        operation.check(path, rawQuery, content, out);
        if (out.list().isEmpty()) {
            return conforming[handle];
        }
        return new SpecFindings(route.operation(), out.list(), out.checks());
    }

    /** Operations whose contract is compiled and checked. */
    public int checkedOperations() {
        return checkedOperations;
    }

    /** Why each unchecked operation is unchecked, one line each, for the log. */
    public List<String> uncheckedReasons() {
        return uncheckedReasons;
    }

    /** Declared operations left unchecked because their contract did not compile. */
    public int uncheckedOperations() {
        return uncheckedOperations;
    }
}
