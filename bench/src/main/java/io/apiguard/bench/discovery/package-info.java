/** Discovery's speed targets: matching a call among 10,000 APIs, initial sync of 10,000 Ingresses, change to event. */
package io.apiguard.bench.discovery;
