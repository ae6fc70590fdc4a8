/**
 * The contract of every app's {@code GET /api/v1/status}: the envelope ({@link ServiceStatus}) and one record per
 * kind of evidence, written by the app that owns it and read by posture-service's maturity assessment. A field that a
 * maturity criterion reads is {@code required}: a status without it does not parse, so a rename on one side shows as
 * an unreadable status (and fails each service's contract test) instead of a silently failing level.
 */
package io.apiguard.common.status;
