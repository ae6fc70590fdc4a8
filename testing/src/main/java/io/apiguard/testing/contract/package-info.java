/** The operability contract every apiguard app keeps, as a test class apps extend. */
package io.apiguard.testing.contract;
