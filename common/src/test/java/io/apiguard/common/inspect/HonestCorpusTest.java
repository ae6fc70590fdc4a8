package io.apiguard.common.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.rules.PayloadSignatures;

/**
 * Honest JSON API traffic must not match any built-in signature: orders with names like O'Brien, addresses, prices
 * with {@code ;} and {@code |}, free-text notes ("select the best option"), browser headers, session cookies, forms and
 * multipart uploads ({@code inspect/honest-requests.jsonl}).
 */
class HonestCorpusTest {

    @Test
    void noHonestRequestMatchesAnySignature() {
        // Given
        List<CorpusRequests> honest = CorpusRequests.load("/inspect/honest-requests.jsonl");
        List<Signature> signatures = PayloadSignatures.builtIn();

        // When
        List<String> falsePositives = honest.stream()
                .flatMap(request ->
                        request.inspected().findAll(signatures).stream().map(hit -> hit + " in " + request.label()))
                .toList();

        // Then
        assertThat(honest).hasSizeGreaterThan(100);
        assertThat(falsePositives).isEmpty();
        assertThat(honest)
                .allSatisfy(request ->
                        assertThat(request.inspected().malformedBody()).isNull());
    }
}
