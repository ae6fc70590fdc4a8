/**
 * The side-by-side firewall benchmark (bench/firewall.sh): the CRS regression corpus and honest API traffic sent through
 * the sidecar and through nginx + ModSecurity + CRS, blocked calls counted per attack category, and the table of it.
 */
package io.apiguard.bench.firewall;
