package io.apiguard.discovery.inventory;

/** Whether a spec's path template ({@code /accounts/{accountId}}) covers a request path or a learned template. */
final class SpecTemplates {

    private SpecTemplates() {}

    /**
     * True when {@code template} and {@code path} have the same segments, a {@code {name}} segment of the template
     * standing for any one non-empty segment (a concrete value, or a learned {@code {id}}).
     */
    static boolean covers(String template, String path) {
        int t = 0;
        int p = 0;
        while (t <= template.length() && p <= path.length()) {
            int tEnd = end(template, t);
            int pEnd = end(path, p);
            boolean variable = tEnd - t >= 2 && template.charAt(t) == '{' && template.charAt(tEnd - 1) == '}';
            if (variable ? pEnd == p : !template.regionMatches(t, path, p, Math.max(tEnd - t, pEnd - p))) {
                return false;
            }
            if (tEnd == template.length() || pEnd == path.length()) {
                return tEnd == template.length() && pEnd == path.length();
            }
            t = tEnd + 1;
            p = pEnd + 1;
        }
        return false;
    }

    private static int end(String value, int from) {
        int slash = value.indexOf('/', from);
        return slash < 0 ? value.length() : slash;
    }
}
