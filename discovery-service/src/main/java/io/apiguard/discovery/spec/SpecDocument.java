package io.apiguard.discovery.spec;

/**
 * A spec document to store for an API, or to remove.
 *
 * @param apiId     the API
 * @param reference where the document came from
 * @param document  the document; null removes the stored one (the spec is gone or no longer readable)
 */
public record SpecDocument(String apiId, String reference, String document) {}
