/** logging-service's ingestion target, measured beside a raw PostgreSQL COPY of the same rows. */
package io.apiguard.bench.logging;
