/** Level 5, enforcement: blocking rules turned from detections and pushed to the sidecars. */
package io.apiguard.enforcement;
