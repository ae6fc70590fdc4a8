/**
 * A real PostgreSQL database for tests: a fresh database on the server that answers, else on an embedded server
 * started from Maven Central binaries; and a restartable embedded server for fault tests.
 */
package io.apiguard.testing.postgres;
