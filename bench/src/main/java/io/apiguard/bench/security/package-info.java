/** The front door's cost: verifying a bearer token, as every authenticated call pays it. */
package io.apiguard.bench.security;
