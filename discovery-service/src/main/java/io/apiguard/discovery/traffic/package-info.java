/** Traffic-based discovery: matching calls to the inventory, learning operations, finding shadow and zombie APIs. */
package io.apiguard.discovery.traffic;
