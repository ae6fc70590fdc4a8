package io.apiguard.common.identity;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Who owns an API key, looked up by the key's fingerprint (the table never holds keys themselves). */
@FunctionalInterface
public interface ApiKeyOwners {

    /** Owns no key. */
    ApiKeyOwners NONE = fingerprint -> Optional.empty();

    /**
     * The owner of a key.
     *
     * @param subject      the individual or service the key was issued to
     * @param service      true when the owner is a service (or a shared account), not a person
     * @param organisation the owner's organisation, if known
     * @param roles        roles the key grants
     */
    record Owner(String subject, boolean service, String organisation, List<String> roles) {

        public Owner {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** The owner of the key with this fingerprint ({@link Fingerprints#of}). */
    Optional<Owner> ownerOf(String fingerprint);

    /** A fixed table, e.g. from configuration. */
    static ApiKeyOwners of(Map<String, Owner> byFingerprint) {
        Map<String, Owner> copy = Map.copyOf(byFingerprint);
        return fingerprint -> Optional.ofNullable(copy.get(fingerprint));
    }
}
