/** The JSON settings every reader and writer of apiguard events shares. */
package io.apiguard.common.json;
