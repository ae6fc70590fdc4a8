/** Reading the audit trail: call search and the trail of one person. */
package io.apiguard.logging.audit;
