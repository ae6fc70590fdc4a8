/** A real PostgreSQL database for tests: a fresh database on a running server, or a throwaway server. */
package io.apiguard.testing.postgres;
