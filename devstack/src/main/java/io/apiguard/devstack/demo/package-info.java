/** The demo API the local run puts behind the sidecar: a small accounts API. */
package io.apiguard.devstack.demo;
