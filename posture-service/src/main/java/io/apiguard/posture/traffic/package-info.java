/** Traffic aggregates per API from {@code apiguard.calls.normalized}: the facts behind the traffic rules. */
package io.apiguard.posture.traffic;
