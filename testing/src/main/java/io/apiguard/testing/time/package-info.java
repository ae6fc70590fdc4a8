/** Time that tests control. */
package io.apiguard.testing.time;
