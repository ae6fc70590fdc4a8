package io.apiguard.common.inspect;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's headers and body as the in-line proxy read them, before the call is forwarded: what payload signatures
 * and the positive model inspect besides the URI.
 *
 * <p>The proxy buffers a body only up to its configured bound; a larger one streams through to the API untouched,
 * and {@link #bodyOverLimit()} says so (it is counted, never inspected in part as if it were whole).
 *
 * @param headers       every request header, names lower-case, values in the order received ({@code cookie}
 *                      included: its pairs are the cookies)
 * @param contentType   the {@code Content-Type} header, or null
 * @param body          the request body as received (not decoded), when buffered; null when there is none or it was
 *                      over the bound. Not copied: producers hand over a buffer nobody writes to afterwards
 * @param bodyBytes     the size of the body: the buffered length, or the declared {@code Content-Length} when over the
 *                      bound (-1 when unknown, for a chunked body over the bound)
 * @param bodyOverLimit true when the body was larger than the bound and streamed through uninspected
 */
public record RequestContent(
        Map<String, List<String>> headers, String contentType, byte[] body, long bodyBytes, boolean bodyOverLimit) {

    /** Nothing read beyond the URI: a proxy with inspection off, or a caller that only has the request line. */
    public static final RequestContent NONE = new RequestContent(Map.of(), null, null, 0, false);

    public RequestContent {
        headers = headers == null ? Map.of() : headers;
    }

    /** The values of header {@code name} (any case), or an empty list. */
    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** True when a body was buffered and can be inspected. */
    public boolean hasBody() {
        return body != null && body.length > 0;
    }
}
