/** What the in-line proxy reads of a call beyond its URI (headers, bounded bodies, responses), and its bounds. */
package io.apiguard.sidecar.inspection;
