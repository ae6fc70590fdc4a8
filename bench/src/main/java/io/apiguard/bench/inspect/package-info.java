/** Response inspection's speed: finding data classes in a 64 KB JSON body. */
package io.apiguard.bench.inspect;
