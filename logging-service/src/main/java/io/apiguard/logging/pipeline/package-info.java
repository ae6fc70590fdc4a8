/** The path of every call record: normalize (identity, templates, redaction), store, publish. */
package io.apiguard.logging.pipeline;
