/**
 * Identity resolution: from what a call carries (bearer token, API key, client certificate, basic credentials,
 * trusted headers) to the individual behind it, shared by the sidecar and logging-service.
 */
package io.apiguard.common.identity;
