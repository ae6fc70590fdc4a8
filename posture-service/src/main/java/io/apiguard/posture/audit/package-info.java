/** Operators' actions on findings and suppressions, published on {@code apiguard.audit} before they take effect. */
package io.apiguard.posture.audit;
