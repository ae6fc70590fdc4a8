package io.apiguard.logging.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a header, query parameter or field name marks its value as secret. A name is split into words at
 * punctuation and camel case ({@code X-Goog-Api-Key}: x, goog, api, key; {@code clientAssertion}: client, assertion)
 * and is sensitive when a word contains one of the patterns ({@code apikey} contains key, {@code sessionid} session),
 * or when the whole name is one of the exact names. A few everyday words that merely contain a pattern (monkey,
 * keyword, author) are not taken for secrets. Immutable and thread-safe.
 */
final class SensitiveNames {

    /** Ordinary words that contain a pattern but name nothing secret. */
    private static final Set<String> ORDINARY_WORDS = Set.of(
            "monkey",
            "monkeys",
            "turkey",
            "hockey",
            "jockey",
            "donkey",
            "whiskey",
            "keyword",
            "keywords",
            "keyboard",
            "keynote",
            "keystone",
            "author",
            "authors",
            "authored",
            "authoring");

    private final List<String> patterns;
    private final Set<String> exact;

    /**
     * @param patterns parts of words that make a name sensitive, any case
     * @param exact    whole names that are sensitive, any case
     */
    SensitiveNames(Collection<String> patterns, Collection<String> exact) {
        this.patterns = List.copyOf(lowerCase(patterns));
        this.exact = lowerCase(exact);
    }

    /** Whether the value named {@code name} must be masked. */
    boolean isSensitive(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        if (exact.contains(lower)) {
            return true;
        }
        for (String word : words(name)) {
            if (ORDINARY_WORDS.contains(word)) {
                continue;
            }
            for (String pattern : patterns) {
                if (word.contains(pattern)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The lower-case words of {@code name}: split at each character not a letter or digit, and at camel case. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>(4);
        StringBuilder word = new StringBuilder();
        char previous = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(words, word);
            } else {
                // apiKey, XGoogApiKey: a capital after a small letter or a digit starts a word
                if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
                    flush(words, word);
                }
                word.append(Character.toLowerCase(c));
            }
            previous = c;
        }
        flush(words, word);
        return words;
    }

    private static void flush(List<String> words, StringBuilder word) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static Set<String> lowerCase(Collection<String> names) {
        return names.stream()
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
