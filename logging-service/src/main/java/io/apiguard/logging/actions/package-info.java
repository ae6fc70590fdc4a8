/** The audit trail of operators: every action taken through an apiguard API ({@code apiguard.audit}), once each. */
package io.apiguard.logging.actions;
