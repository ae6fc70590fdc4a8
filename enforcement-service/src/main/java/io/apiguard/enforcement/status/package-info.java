/** enforcement-service's Level 5 evidence for {@code GET /api/v1/status}. */
package io.apiguard.enforcement.status;
