/** Where call records come in: the HTTP batch endpoint (sidecars) and the {@code apiguard.calls} topic (gateways). */
package io.apiguard.logging.ingest;
