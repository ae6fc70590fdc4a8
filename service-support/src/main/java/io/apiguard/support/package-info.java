/** Runtime pieces every apiguard Quarkus app shares: the status document and its evidence contributors. */
package io.apiguard.support;
