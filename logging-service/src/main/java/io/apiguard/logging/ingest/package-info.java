/**
 * Where call records come in, each checked on its own before anything of it is kept: the HTTP batch endpoint
 * (sidecars and gateways) and the {@code apiguard.calls} topic (gateways).
 */
package io.apiguard.logging.ingest;
