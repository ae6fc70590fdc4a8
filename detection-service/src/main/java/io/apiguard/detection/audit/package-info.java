/** detection-service's operator actions on {@code apiguard.audit}: published, and acknowledged, before they count. */
package io.apiguard.detection.audit;
