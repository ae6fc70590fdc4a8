/** posture-service's own Level 3 evidence in the status document. */
package io.apiguard.posture.status;
