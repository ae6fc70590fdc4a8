/** The API inventory: its in-memory state, its table, its events and its REST API. */
package io.apiguard.discovery.inventory;
