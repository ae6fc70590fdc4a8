/** Test kit of every apiguard app: real infrastructure for tests and the local run. */
package io.apiguard.testing;
