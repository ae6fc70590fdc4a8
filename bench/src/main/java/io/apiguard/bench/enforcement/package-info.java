/** Level 5's time to block, measured on the local stack. */
package io.apiguard.bench.enforcement;
