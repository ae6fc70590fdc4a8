/** Level 1, discovery: the inventory of every API, from the cluster's Ingresses and from traffic. */
package io.apiguard.discovery;
