package io.apiguard.discovery.spec;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.spec.SpecFacts;
import io.apiguard.common.spec.SpecValidation;

/**
 * The outcome of reading the spec an annotation names: its facts and document, or why it could not be read.
 * Immutable.
 *
 * @param reference where it comes from, e.g. {@code configmap:local/demo-api-openapi/openapi.yaml}
 * @param facts     what it declares; null when it could not be read
 * @param document  the document as read; null when it could not be read
 * @param error      why it could not be read; null when it was
 * @param validation the positive-model mode the object naming the spec asks for
 *                   ({@link SpecValidation#ANNOTATION}); null when it asks for none (enforcement's default applies)
 */
public record SpecLoad(String reference, SpecFacts facts, String document, String error, SpecValidation validation) {

    /** A spec read. */
    public static SpecLoad read(String reference, SpecFacts facts, String document) {
        return new SpecLoad(reference, facts, document, null, null);
    }

    /** A spec that could not be read, and why. */
    public static SpecLoad failed(String reference, String error) {
        return new SpecLoad(reference, null, null, error, null);
    }

    /** This load with the mode the annotated object asks for (loads are cached by document, modes are not). */
    public SpecLoad withValidation(SpecValidation mode) {
        return mode == validation ? this : new SpecLoad(reference, facts, document, error, mode);
    }

    /** Whether the document was read. */
    public boolean readable() {
        return error == null;
    }

    /** What the inventory event says of it. */
    public ApiEndpoint.Spec summary() {
        return readable()
                ? new ApiEndpoint.Spec(reference, facts.openapi(), facts.title(), facts.version(), null, validation)
                : new ApiEndpoint.Spec(reference, null, null, null, error, validation);
    }
}
