/** The local run: one command that brings up Kafka, PostgreSQL and every apiguard app on this machine. */
package io.apiguard.devstack;
