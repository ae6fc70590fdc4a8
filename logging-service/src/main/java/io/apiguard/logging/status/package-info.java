/** The Level 2 evidence: ingest rate, the share of calls with an individual caller, the APIs that report. */
package io.apiguard.logging.status;
