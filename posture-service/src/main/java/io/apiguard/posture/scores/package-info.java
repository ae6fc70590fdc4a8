/** Scores 0-100 per API, per namespace and overall, from the open findings by severity. */
package io.apiguard.posture.scores;
