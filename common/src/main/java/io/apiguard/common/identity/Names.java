package io.apiguard.common.identity;

/**
 * Names taken from credentials and headers, made safe to record: control characters (a NUL among them, which
 * PostgreSQL refuses in text) become U+FFFD and the length is bounded, so what a caller writes into a token or a header
 * can neither break a record nor bloat it, whoever the caller is.
 */
final class Names {

    /** The longest name kept; identity names are e-mail addresses and account names, far shorter. */
    static final int MAX_LENGTH = 256;
    /** What a control character becomes: the Unicode replacement character. */
    private static final char REPLACEMENT = '\uFFFD';

    private Names() {}

    /** {@code value} cleaned and cut to {@link #MAX_LENGTH}; null stays null, and blank becomes null. */
    static String clean(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String cut = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
        StringBuilder clean = null;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isISOControl(c)) {
                if (clean == null) {
                    clean = new StringBuilder(cut.length()).append(cut, 0, i);
                }
                clean.append(REPLACEMENT);
            } else if (clean != null) {
                clean.append(c);
            }
        }
        return clean == null ? cut : clean.toString();
    }
}
