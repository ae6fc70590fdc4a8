package io.apiguard.support.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AuditNotRecordedExceptionTest {

    @Test
    void isA503InTheAppsWordsWithTheBrokersFailureKeptForTheLogOnly() {
        IllegalStateException nacked = new IllegalStateException("broker at 10.0.0.9:9092 nacked");

        AuditNotRecordedException problem = new AuditNotRecordedException(
                "Service Unavailable", "the action was not taken: its audit record could not be written", nacked);

        assertThat(problem.getStatusCode()).isEqualTo(503);
        assertThat(problem.getTitle()).isEqualTo("Service Unavailable");
        assertThat(problem.getDetail()).isEqualTo("the action was not taken: its audit record could not be written");
        assertThat(problem.getHeaders()).isEmpty();
        assertThat(problem.getParameters()).isEmpty();
        assertThat(problem.getCause()).isSameAs(nacked);
    }

    @Test
    void mayTellTheCallerWhenToRetry() {
        AuditNotRecordedException problem = new AuditNotRecordedException(
                "Audit record not written",
                "nothing was changed; retry later",
                5,
                new IllegalStateException("timed out"));

        assertThat(problem.getStatusCode()).isEqualTo(503);
        assertThat(problem.getHeaders()).containsExactlyEntriesOf(Map.of("Retry-After", 5));
    }
}
