/** Discovery's Level 1 evidence in the status document. */
package io.apiguard.discovery.status;
