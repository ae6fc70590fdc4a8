/** The audit trail of enforcement: rules created, changed and expired, and rule sets accepted by sidecars. */
package io.apiguard.logging.enforcement;
