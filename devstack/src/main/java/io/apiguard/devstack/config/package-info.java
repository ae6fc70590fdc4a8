/** What the local run is told on its command line and where it puts things: ports, paths, PostgreSQL, timeouts. */
package io.apiguard.devstack.config;
