package io.apiguard.bench.firewall;

import java.util.Arrays;
import java.util.Optional;

/**
 * The attack categories of the table, by CRS rule id. The nine application-attack families are the ones the
 * targets are about; the other injections of the CRS's generic file (Perl, Ruby, template, ORM) and the protocol
 * and session rules are counted too but reported apart.
 */
public enum Category {
    LFI("LFI", true),
    RFI("RFI", true),
    RCE("RCE", true),
    PHP("PHP", true),
    NODE_JS("Node.js", true),
    XSS("XSS", true),
    SQLI("SQLi", true),
    JAVA("Java/JNDI", true),
    SSRF("SSRF", true),
    OTHER_INJECTION("other injection (Perl, Ruby, SSTI, ORM)", false),
    PROTOCOL("protocol, session, scanner", false);

    private final String label;
    private final boolean headline;

    Category(String label, boolean headline) {
        this.label = label;
        this.headline = headline;
    }

    /** The name in the corpus file and the table. */
    public String label() {
        return label;
    }

    /** True for the nine categories the targets name. */
    public boolean headline() {
        return headline;
    }

    /** The category of a corpus line's label. */
    public static Optional<Category> ofLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
    }

    /**
     * The category of a CRS rule: by its file (the hundreds of its id), except in the generic application-attack
     * file (934), which holds several families.
     */
    public static Optional<Category> ofRule(int rule) {
        return switch (rule / 1000) {
            case 930 -> Optional.of(LFI);
            case 931 -> Optional.of(RFI);
            case 932 -> Optional.of(RCE);
            case 933 -> Optional.of(PHP);
            case 934 ->
                Optional.of(
                        switch (rule) {
                            case 934100, 934101, 934130, 934160 -> NODE_JS;
                            case 934110, 934120, 934190 -> SSRF;
                            case 934170 -> PHP;
                            default -> OTHER_INJECTION;
                        });
            case 941 -> Optional.of(XSS);
            case 942 -> Optional.of(SQLI);
            case 944 -> Optional.of(JAVA);
            case 911, 913, 920, 921, 922, 943, 949 -> Optional.of(PROTOCOL);
            default -> Optional.empty();
        };
    }
}
