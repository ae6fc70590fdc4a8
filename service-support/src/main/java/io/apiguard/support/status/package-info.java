/**
 * Serves the {@code GET /api/v1/status} document (the contract is {@code io.apiguard.common.status.ServiceStatus}):
 * who the service is, whether its dependencies are ready, and its maturity evidence.
 */
package io.apiguard.support.status;
