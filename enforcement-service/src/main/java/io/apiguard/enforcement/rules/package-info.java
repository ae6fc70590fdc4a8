/** Enforcement rules: stored in PostgreSQL, managed by operators over REST and by policy, expired on time. */
package io.apiguard.enforcement.rules;
