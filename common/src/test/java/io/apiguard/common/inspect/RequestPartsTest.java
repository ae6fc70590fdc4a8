package io.apiguard.common.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestPartsTest {

    static RequestContent content(Map<String, List<String>> headers, String contentType, String body) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return new RequestContent(headers, contentType, bytes, bytes == null ? 0 : bytes.length, false);
    }

    @Test
    void theUriGivesThePathWholeAndEachQueryNameAndValue() {
        RequestParts parts = RequestParts.of("/files/../../etc/passwd", "q=a+b&flag&=x", RequestContent.NONE);

        assertThat(parts.parts())
                .extracting(RequestParts.Part::location, RequestParts.Part::value, RequestParts.Part::plusIsSpace)
                .containsExactly(
                        tuple("path", "/files/../../etc/passwd", false),
                        tuple("query.q", "q", true),
                        tuple("query.q", "a+b", true),
                        tuple("query.flag", "flag", true),
                        tuple("query.", "x", true));
        assertThat(parts.malformedBody()).isNull();
    }

    @Test
    void headersAndCookiesButNeitherCredentialsNorTheRawCookieHeader() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("user-agent", List.of("curl/8"));
        headers.put("authorization", List.of("Bearer secret"));
        headers.put("proxy-authorization", List.of("Basic c2VjcmV0"));
        headers.put("content-length", List.of("12"));
        headers.put("cookie", List.of("session=abc; theme=dark", "lang=en"));

        RequestParts parts = RequestParts.of(null, null, content(headers, null, null));

        assertThat(parts.parts())
                .extracting(RequestParts.Part::location, RequestParts.Part::value)
                .containsExactly(
                        tuple("header.user-agent", "curl/8"),
                        tuple("cookie.session", "session"),
                        tuple("cookie.session", "abc"),
                        tuple("cookie.theme", "theme"),
                        tuple("cookie.theme", "dark"),
                        tuple("cookie.lang", "lang"),
                        tuple("cookie.lang", "en"));
    }

    @Test
    void aJsonBodyGivesEveryPropertyNameAndStringValueByPointer() {
        String body = "{\"a\":[{\"b\":\"x\\u0027y\"}, 42, true, null], \"c\":{\"d e\":\"z\"}}";

        RequestParts parts = RequestParts.of("/", null, content(Map.of(), "application/json; charset=utf-8", body));

        assertThat(parts.parts())
                .extracting(RequestParts.Part::location, RequestParts.Part::value)
                .containsExactly(
                        tuple("path", "/"),
                        tuple("body/a", "a"),
                        tuple("body/a/0/b", "b"),
                        tuple("body/a/0/b", "x'y"),
                        tuple("body/c", "c"),
                        tuple("body/c/d e", "d e"),
                        tuple("body/c/d e", "z"));
        assertThat(parts.malformedBody()).isNull();
    }

    @Test
    void aBrokenOrTooDeepJsonBodyIsAFindingWithWhatWasReadBeforeIt() {
        RequestParts broken =
                RequestParts.of(null, null, content(Map.of(), "application/json", "{\"a\":\"x\", \"b\":"));
        RequestParts deep = RequestParts.of(
                null, null, content(Map.of(), "application/json", "[".repeat(RequestParts.MAX_DEPTH + 1)));

        assertThat(broken.malformedBody()).isEqualTo("not valid JSON");
        assertThat(broken.parts()).extracting(RequestParts.Part::value).contains("x");
        assertThat(deep.malformedBody()).contains("nested deeper");
    }

    @Test
    void aFormGivesNamesAndValuesWithPlusAsSpace() {
        RequestParts parts = RequestParts.of(
                null, null, content(Map.of(), "application/x-www-form-urlencoded", "name=O%27Brien&note=a+b"));

        assertThat(parts.parts())
                .extracting(RequestParts.Part::location, RequestParts.Part::value, RequestParts.Part::plusIsSpace)
                .containsExactly(
                        tuple("body/name", "name", true),
                        tuple("body/name", "O%27Brien", true),
                        tuple("body/note", "note", true),
                        tuple("body/note", "a+b", true));
    }

    @Test
    void multipartGivesFieldNamesFileNamesAndTextFieldsButNotFileContents() {
        String body = "--b1\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello world\r\n"
                + "--b1\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n<script>binary</script>\r\n--b1--\r\n";

        RequestParts parts =
                RequestParts.of(null, null, content(Map.of(), "multipart/form-data; boundary=\"b1\"", body));

        assertThat(parts.malformedBody()).isNull();
        assertThat(parts.parts())
                .extracting(RequestParts.Part::location, RequestParts.Part::value)
                .containsExactly(
                        tuple("body/title", "title"),
                        tuple("body/title", "Hello world"),
                        tuple("body/upload", "upload"),
                        tuple("body/upload", "a.pdf"));
    }

    @Test
    void aMultipartBodyWithoutItsBoundaryIsAFinding() {
        assertThat(RequestParts.of(null, null, content(Map.of(), "multipart/form-data", "x"))
                        .malformedBody())
                .contains("without a boundary");
        assertThat(RequestParts.of(null, null, content(Map.of(), "multipart/form-data; boundary=zz", "no parts"))
                        .malformedBody())
                .contains("without its boundary");
        assertThat(RequestParts.of(
                                null,
                                null,
                                content(Map.of(), "multipart/form-data; boundary=zz", "--zz\r\nno end of headers"))
                        .malformedBody())
                .contains("not terminated");
    }

    @Test
    void xmlTextAndUnknownBodiesAreOneValue() {
        RequestParts xml = RequestParts.of(null, null, content(Map.of(), "application/xml", "<a>x</a>"));
        RequestParts none = RequestParts.of(null, null, content(Map.of(), null, "plain"));

        assertThat(xml.parts()).containsExactly(new RequestParts.Part("body", "", "<a>x</a>", false));
        assertThat(none.parts()).containsExactly(new RequestParts.Part("body", "", "plain", false));
    }

    @Test
    void tooManyValuesIsAFindingAndTheValuesStayBounded() {
        String form = "a=1&".repeat(RequestParts.MAX_VALUES);

        RequestParts parts = RequestParts.of(null, null, content(Map.of(), "application/x-www-form-urlencoded", form));

        assertThat(parts.parts()).hasSize(RequestParts.MAX_VALUES);
        assertThat(parts.malformedBody()).contains("more than");
    }

    @Test
    void locationsAreBounded() {
        RequestParts parts = RequestParts.of(null, "x".repeat(1_000) + "=1", RequestContent.NONE);

        assertThat(parts.parts()).allSatisfy(part -> assertThat(part.location()).hasSize(RequestParts.MAX_LOCATION));
    }
}
