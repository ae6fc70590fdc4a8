/** Plain HTTP calls for the harnesses that drive a running stack (the local run's scenario, the benchmarks). */
package io.apiguard.testing.http;
