package io.apiguard.detection.engine;

import io.apiguard.common.events.Detection;

/**
 * A detection with the incident key it is about, as the tracker raised it: a verified subject, {@code ip:<address>} or
 * {@code fp:<fingerprint>}. The key is what the false-positive allowlist, the stored row and the record key on
 * {@code apiguard.detections} use; it cannot be recovered from the detection alone (an unverified credential seen from
 * one address raises one incident per key, both naming that address and that fingerprint).
 *
 * @param incidentKey what the incident is about
 * @param detection   the detection to store and publish
 */
public record KeyedDetection(String incidentKey, Detection detection) {}
