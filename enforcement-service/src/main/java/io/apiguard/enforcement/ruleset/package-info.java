/** The versioned, signed active rule set: built on every change, served to pulling sidecars, pushed to all. */
package io.apiguard.enforcement.ruleset;
