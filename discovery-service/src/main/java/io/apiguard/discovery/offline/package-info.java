/** The offline source: Ingress manifests read from files, for clusters apiguard cannot reach and for the local run. */
package io.apiguard.discovery.offline;
