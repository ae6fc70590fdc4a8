/** The short story the local run tells: honest users, one attacker, and what apiguard made of it. */
package io.apiguard.devstack.scenario;
