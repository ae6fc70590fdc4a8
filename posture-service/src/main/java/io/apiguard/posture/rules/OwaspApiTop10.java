package io.apiguard.posture.rules;

import java.util.Map;

/** The OWASP API Security Top 10 (2023) category names. */
public final class OwaspApiTop10 {

    private static final Map<String, String> NAMES = Map.of(
            "API1:2023", "Broken Object Level Authorization",
            "API2:2023", "Broken Authentication",
            "API3:2023", "Broken Object Property Level Authorization",
            "API4:2023", "Unrestricted Resource Consumption",
            "API5:2023", "Broken Function Level Authorization",
            "API6:2023", "Unrestricted Access to Sensitive Business Flows",
            "API7:2023", "Server Side Request Forgery",
            "API8:2023", "Security Misconfiguration",
            "API9:2023", "Improper Inventory Management",
            "API10:2023", "Unsafe Consumption of APIs");

    private OwaspApiTop10() {}

    /** The name of {@code category}, or null for an unknown one. */
    public static String name(String category) {
        return NAMES.get(category);
    }

    /** Whether {@code category} is one of the ten. */
    public static boolean isCategory(String category) {
        return NAMES.containsKey(category);
    }
}
