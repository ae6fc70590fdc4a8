/** Evaluation of every rule over the inventory and traffic, on inventory events and on a schedule. */
package io.apiguard.posture.evaluation;
