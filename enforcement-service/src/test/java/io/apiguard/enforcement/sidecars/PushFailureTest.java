package io.apiguard.enforcement.sidecars;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a failed push leaves in the sidecar list: a category, never the transport's words. */
class PushFailureTest {

    @Test
    void aRefusalNamesOnlyItsStatus() {
        assertThat(PushFailure.of(new SidecarDelivery.PushRefusedException(403)))
                .isEqualTo("refused by the sidecar (HTTP 403)");
    }

    @Test
    void transportFailuresBecomeCategoriesWhateverTheyWrap() {
        assertThat(PushFailure.of(new CompletionException(new ConnectException("Connection refused: /10.0.0.7:22"))))
                .isEqualTo("unreachable");
        assertThat(PushFailure.of(new IOException("Connection reset by peer"))).isEqualTo("unreachable");
        assertThat(PushFailure.of(new TimeoutException("timed out after 3000 ms")))
                .isEqualTo("timed out");
        assertThat(PushFailure.of(new IllegalStateException("SSH-2.0-OpenSSH_9.2")))
                .isEqualTo("failed");
    }
}
