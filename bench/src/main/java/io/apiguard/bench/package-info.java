/** Benchmarks behind the speed figures of each issue; run by hand or from bench/*.sh, never by the test command. */
package io.apiguard.bench;
