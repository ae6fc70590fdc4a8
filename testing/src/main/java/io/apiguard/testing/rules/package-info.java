/** Rule-set signing keys for tests: generated per JVM, written as openssl would. */
package io.apiguard.testing.rules;
