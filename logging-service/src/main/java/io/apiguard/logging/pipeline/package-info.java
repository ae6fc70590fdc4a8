/**
 * The path of every call record: normalize (the identity as far as it can be verified, templates, redaction), store,
 * publish what was new, and sweep up what the stream is still owed.
 */
package io.apiguard.logging.pipeline;
