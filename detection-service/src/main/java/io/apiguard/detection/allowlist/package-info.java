/**
 * The false-positive allowlist: entries an operator's verdict creates, each with an author, an expiry and a possible
 * withdrawal, stored in {@code detector_allowlist}, listed and withdrawn over REST, reloaded by every replica.
 */
package io.apiguard.detection.allowlist;
