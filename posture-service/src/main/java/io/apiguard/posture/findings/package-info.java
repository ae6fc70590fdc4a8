/** Findings and their lifecycle (open, acknowledged, resolved, suppressed): storage, events and the REST API. */
package io.apiguard.posture.findings;
