/** The {@code GET /api/v1/status} document: who the service is, whether its dependencies are ready, and its maturity evidence. */
package io.apiguard.support.status;
