/** The maturity status: level 0-5 from every service's status evidence, with criteria, evidence and next steps. */
package io.apiguard.posture.maturity;
