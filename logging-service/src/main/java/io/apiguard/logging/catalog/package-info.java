/** The API inventory as logging-service sees it: which API a call belongs to and its path template. */
package io.apiguard.logging.catalog;
