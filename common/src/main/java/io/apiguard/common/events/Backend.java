package io.apiguard.common.events;

/**
 * The Kubernetes Service an API routes to, or the resource backend of an Ingress.
 *
 * @param service  Service name (or resource kind/name for a resource backend)
 * @param port     port number or name, as the Ingress gives it
 */
public record Backend(String service, String port) {}
