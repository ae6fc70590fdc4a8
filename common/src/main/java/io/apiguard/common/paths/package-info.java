/** Path templating: request paths with their variable segments (ids, UUIDs, tokens) replaced by {@code {id}}. */
package io.apiguard.common.paths;
