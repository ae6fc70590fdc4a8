/** What an Ingress declares, as routes: host, path and match type, backend, TLS, and the controller's security hints. */
package io.apiguard.discovery.ingress;
