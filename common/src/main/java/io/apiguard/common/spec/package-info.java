/** OpenAPI 3.0/3.1 documents read once, into the few facts discovery announces and posture judges. */
package io.apiguard.common.spec;
