/** The in-line sidecar: a reverse proxy in front of one API container. */
package io.apiguard.sidecar;
