/** What discovery says about each API's exposure and backend, to measure which external APIs have a sidecar. */
package io.apiguard.enforcement.inventory;
