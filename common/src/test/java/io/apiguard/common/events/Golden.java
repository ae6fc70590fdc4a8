package io.apiguard.common.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.json.EventJson;

/** The golden JSON sample of each contract: {@code golden/<contract name in kebab-case>.json} on the test classpath. */
final class Golden {

    private Golden() {}

    /** A fresh, mutable tree of the sample, so a test can change it without affecting others. */
    static ObjectNode of(EventContract contract) {
        String file = "/golden/" + contract.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
        try (InputStream in = Golden.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no golden sample " + file + " for " + contract);
            }
            return (ObjectNode) EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
