/** The audit trail in PostgreSQL: day-partitioned, idempotent by call id, retention by dropping partitions. */
package io.apiguard.logging.store;
