/** Level 3, posture management: rules, findings and the organisation's maturity level. */
package io.apiguard.posture;
