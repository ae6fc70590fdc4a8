package io.apiguard.common.paths;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathObjectsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /accounts/1044/statements                                 | accounts/1044
            /accounts/1044/statements/77                              | accounts/1044 statements/77
            /users/7d9c1a52-3b1e-4c1f-9f0a-2a7b9b1c0d11/orders/88     | users/7d9c1a52-3b1e-4c1f-9f0a-2a7b9b1c0d11 orders/88
            /42                                                       | resource/42
            /v1/accounts                                              | ''
            /                                                         | ''
            ''                                                        | ''
            /a//1                                                     | a/1
            """)
    void eachVariableSegmentIsAnObjectOfTheCollectionBeforeIt(String path, String expected) {
        // When
        String objects = PathTemplates.objects(path).stream()
                .map(object -> object.resourceType() + "/" + object.objectId())
                .collect(Collectors.joining(" "));

        // Then
        assertThat(objects).isEqualTo(expected);
    }
}
