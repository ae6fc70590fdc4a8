/** Level 4 evidence for the status document: consumer lag, detectors enabled, events per second. */
package io.apiguard.detection.status;
