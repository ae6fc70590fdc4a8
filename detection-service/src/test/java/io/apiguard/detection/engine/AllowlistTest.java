package io.apiguard.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.detection.TestClock;

class AllowlistTest {

    private final TestClock clock = new TestClock();
    private final Allowlist allowlist = new Allowlist(clock);

    private Allowlist.Entry entry(String id, String key, Duration lasting) {
        return new Allowlist.Entry(id, "xss", key, clock.instant().plus(lasting));
    }

    @Test
    void anEntrySuppressesItsTypeForItsKeyUntilItExpires() {
        // Given
        allowlist.allow(entry("e1", "alice", Duration.ofHours(1)));

        // Then
        assertThat(allowlist.allows("xss", "alice")).isTrue();
        assertThat(allowlist.allows("sql-injection", "alice")).isFalse();
        assertThat(allowlist.allows("xss", "bob")).isFalse();
        assertThat(allowlist.size()).isEqualTo(1);

        // When an hour passes, without any reload
        clock.advance(Duration.ofHours(1));

        // Then
        assertThat(allowlist.allows("xss", "alice")).isFalse();
        assertThat(allowlist.size()).isZero();
    }

    @Test
    void aWithdrawnEntryNoLongerSuppressesUnlessAnotherOneCoversTheSameKey() {
        // Given two verdicts on alice's xss, and one on bob's
        allowlist.allow(entry("e1", "alice", Duration.ofDays(7)));
        allowlist.allow(entry("e2", "alice", Duration.ofHours(1)));
        allowlist.allow(entry("e3", "bob", Duration.ofDays(7)));

        // When
        allowlist.withdraw("e1");
        allowlist.withdraw("e3");

        // Then alice is still covered by e2, until it expires; bob is not
        assertThat(allowlist.allows("xss", "alice")).isTrue();
        assertThat(allowlist.allows("xss", "bob")).isFalse();
        clock.advance(Duration.ofHours(2));
        assertThat(allowlist.allows("xss", "alice")).isFalse();
    }

    @Test
    void aReloadReplacesEveryEntryWithTheTablesActiveOnes() {
        // Given
        allowlist.allow(entry("e1", "alice", Duration.ofDays(7)));
        long version = allowlist.version();

        // When the table says e1 was withdrawn elsewhere and e2 was added elsewhere
        boolean replaced = allowlist.replace(List.of(entry("e2", "bob", Duration.ofDays(1))), version);

        // Then
        assertThat(replaced).isTrue();
        assertThat(allowlist.allows("xss", "alice")).isFalse();
        assertThat(allowlist.allows("xss", "bob")).isTrue();
    }

    @Test
    void aReloadReadBeforeALocalChangeDoesNotUndoIt() {
        // Given a reload that read the table (e1 still active there) before e1 was withdrawn here
        allowlist.allow(entry("e1", "alice", Duration.ofDays(7)));
        long version = allowlist.version();
        List<Allowlist.Entry> stale = List.of(entry("e1", "alice", Duration.ofDays(7)));
        allowlist.withdraw("e1");

        // When it is applied
        boolean replaced = allowlist.replace(stale, version);

        // Then the withdrawal stands; the next reload applies the table
        assertThat(replaced).isFalse();
        assertThat(allowlist.allows("xss", "alice")).isFalse();
    }

    @Test
    void anEmptyAllowlistAllowsNothing() {
        assertThat(new Allowlist().allows("xss", "alice")).isFalse();
        assertThat(new Allowlist().size()).isZero();
    }
}
