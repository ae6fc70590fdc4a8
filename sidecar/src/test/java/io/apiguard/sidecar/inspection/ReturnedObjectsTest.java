package io.apiguard.sidecar.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.apiguard.common.identity.Fingerprints;

/** Which object ids a response returns, fingerprinted, within its bounds. */
class ReturnedObjectsTest {

    private static final String KEY = "the deployment's object-id key";
    private static final String JSON = "application/json; charset=utf-8";

    private final ReturnedObjects returned = new ReturnedObjects(true, 64, List.of("ref"), Optional.of(KEY));

    private static String fp(String id) {
        return Fingerprints.keyed(KEY.getBytes(StandardCharsets.UTF_8), id);
    }

    private List<String> find(String body) {
        return returned.find(200, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idLikeFieldsAtAnyDepthAreReturnedIdsAndOtherFieldsAreNot() {
        // Given a search response: ids under id, *Id, *_id, uuid, a configured name, in nested arrays and objects
        String body =
                "{\"page\":1,\"total\":120,\"items\":[{\"id\":1044,\"balance\":1200,\"owner\":{\"userId\":\"77\"}},"
                        + "{\"id\":\"2211\",\"account_id\":3001,\"uuid\":\"3f2b8c1e-9a4d-4e2b-8f1a-0c9d7e6b5a43\"},"
                        + "{\"ref\":\"a1b2c3d4e5f6a7b8c9d0\",\"paid\":99,\"valid\":100,\"name\":\"4444\"}]}";

        // When
        List<String> found = find(body);

        // Then in the order first seen; balance, page, total, paid, valid and name are not ids
        assertThat(found)
                .containsExactly(
                        fp("1044"),
                        fp("77"),
                        fp("2211"),
                        fp("3001"),
                        fp("3f2b8c1e-9a4d-4e2b-8f1a-0c9d7e6b5a43"),
                        fp("a1b2c3d4e5f6a7b8c9d0"));
        assertThat(found).allMatch(Fingerprints::isKeyed);
    }

    @Test
    void anArrayOfIdsUnderAnIdFieldGivesEachAndWhatIsNestedInItIsSkipped() {
        // When
        List<String> found = find("{\"accountIds\":[1044,\"2211\",{\"x\":5},[6]],\"id\":9}");

        // Then
        assertThat(found).containsExactly(fp("1044"), fp("2211"), fp("9"));
    }

    @Test
    void valuesThatDoNotLookLikeIdsAreNotTaken() {
        // When: words, booleans, decimals, negative numbers, an empty string, an over-long token
        String longToken = "a1".repeat(65);
        List<String> found = find("{\"id\":\"statements\",\"orderId\":true,\"itemId\":1.5,\"userId\":-3,"
                + "\"cartId\":\"\",\"sessionId\":\"" + longToken + "\",\"id\":null}");

        // Then
        assertThat(found).isEmpty();
    }

    @Test
    void aRepeatedIdIsOneAndAtMostTheBoundAreTaken() {
        // Given a list of 500 accounts, each id twice
        String items = IntStream.range(0, 500)
                .mapToObj(i -> "{\"id\":" + i + ",\"accountId\":" + i + "}")
                .collect(Collectors.joining(","));

        // When
        List<String> found = find("[" + items + "]");

        // Then the first 64 distinct ids
        assertThat(found)
                .hasSize(64)
                .doesNotHaveDuplicates()
                .startsWith(fp("0"), fp("1"))
                .endsWith(fp("63"));
    }

    @Test
    void aBodyCutAtTheCopysBoundGivesTheIdsReadBeforeTheCut() {
        // Given a huge list of which only the first bytes were copied (cut inside an element)
        String items = IntStream.range(0, 100_000)
                .mapToObj(i -> "{\"id\":" + (100_000 + i) + ",\"note\":\"" + "x".repeat(40) + "\"}")
                .collect(Collectors.joining(","));
        byte[] copied = ("{\"items\":[" + items + "]}").substring(0, 65_536).getBytes(StandardCharsets.UTF_8);

        // When
        List<String> found = returned.find(200, JSON, copied);

        // Then what the prefix held, up to the bound, and no failure
        assertThat(found).hasSize(64).startsWith(fp("100000"));
    }

    @Test
    void aBodyThatIsNotJsonOrNotASuccessOrNotDeclaredJsonReturnsNothing() {
        byte[] list = "{\"id\":1044}".getBytes(StandardCharsets.UTF_8);

        assertThat(returned.find(200, "text/html", list)).isEmpty();
        assertThat(returned.find(200, null, list)).isEmpty();
        assertThat(returned.find(404, JSON, list)).isEmpty();
        assertThat(returned.find(200, JSON, new byte[0])).isEmpty();
        assertThat(returned.find(200, JSON, "<html>id=1044</html>".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(returned.find(200, JSON, "{\"id\":1044, broken".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(fp("1044"));
        assertThat(returned.find(200, "application/problem+json", list)).containsExactly(fp("1044"));
    }

    @Test
    void deeplyNestedJsonIsRefusedByTheParserWithoutFailingTheCall() {
        // Given nesting far beyond the parser's limit
        String deep = "[".repeat(5_000) + "{\"id\":1}" + "]".repeat(5_000);

        // When / Then
        assertThat(returned.find(200, JSON, deep.getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void withoutAKeyOrDisabledNothingIsRecordedAndAShortKeyIsRefused() {
        byte[] list = "{\"id\":1044}".getBytes(StandardCharsets.UTF_8);

        assertThat(new ReturnedObjects(true, 64, List.of(), Optional.empty()).find(200, JSON, list))
                .isEmpty();
        assertThat(new ReturnedObjects(false, 64, List.of(), Optional.of(KEY)).find(200, JSON, list))
                .isEmpty();
        assertThatThrownBy(() -> new ReturnedObjects(true, 64, List.of(), Optional.of("short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new ReturnedObjects(true, 1000, List.of(), Optional.of(KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-per-call");
    }
}
