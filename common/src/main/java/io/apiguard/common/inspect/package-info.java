/**
 * What the in-line firewall inspects of a call, shared by the sidecar (which blocks on it) and detection (which
 * judges the stream): the request's content as the proxy read it ({@link io.apiguard.common.inspect.RequestContent}),
 * and, on the call record, what inspection found ({@link io.apiguard.common.events.ApiCallRecord.Inspection}).
 *
 * <p>Everything here is pure: no CDI, no I/O, no Vert.x. Types are immutable and safe to share between threads.
 */
package io.apiguard.common.inspect;
