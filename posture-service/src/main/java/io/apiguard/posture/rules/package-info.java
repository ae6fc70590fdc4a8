/** The rule catalogue: each posture rule with its severity, rationale, remediation, OWASP API Top 10 and NIST CSF mapping. */
package io.apiguard.posture.rules;
