/** The cluster source: Fabric8 informers on Ingresses and Services, feeding the inventory. */
package io.apiguard.discovery.cluster;
