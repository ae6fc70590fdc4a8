/** Gateway API routes ({@code gateway.networking.k8s.io/v1} HTTPRoutes) as the routes they declare. */
package io.apiguard.discovery.gateway;
