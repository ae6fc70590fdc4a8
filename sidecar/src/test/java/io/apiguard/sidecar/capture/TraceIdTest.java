package io.apiguard.sidecar.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceIdTest {

    @ParameterizedTest(name = "traceparent={0}, b3={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | null             | 4bf92f3577b34da6a3ce929d0e0e4736
            00-00000000000000000000000000000000-00f067aa0ba902b7-01 | null             | null
            00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01 | null             | null
            garbage                                                 | 80f198ee56343ba8 | 80f198ee56343ba8
            null                                                    | not-hex-at-all!! | null
            null                                                    | null             | null
            """)
    void theW3cTraceIdIsTakenWhenValidElseB3(String traceparent, String b3, String expected) {
        assertThat(CallRecorder.traceId(traceparent, b3)).isEqualTo(expected);
    }
}
