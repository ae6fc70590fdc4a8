/** Level 2, centralized logging: the audit trail of every API call with the individual caller. */
package io.apiguard.logging;
