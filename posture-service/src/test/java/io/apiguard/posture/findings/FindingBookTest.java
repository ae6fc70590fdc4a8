package io.apiguard.posture.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.FindingState;
import io.apiguard.common.events.Severity;
import io.apiguard.posture.rules.PostureRule;
import io.apiguard.posture.rules.Violation;

/** The finding lifecycle, without I/O: open, confirm, resolve, acknowledge, suppress, and back. */
class FindingBookTest {

    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
    private static final PostureRule TLS = rule("APIG-TLS-001");
    private static final PostureRule AUTH = rule("APIG-AUTH-001");
    private static final Violation VIOLATION = new Violation("plain HTTP", Map.of("tls", "false"));

    private final FindingBook book = new FindingBook();
    private final List<Finding> changed = new ArrayList<>();

    private static PostureRule rule(String id) {
        return new PostureRule(
                id,
                "title of " + id,
                Severity.HIGH,
                PostureRule.Input.INVENTORY,
                "API8:2023",
                "PR.DS-02",
                "why",
                "fix",
                (facts, thresholds) -> null);
    }

    private static Instant at(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private Finding tlsFinding() {
        return book.finding(Finding.idOf(TLS.id(), "api-1"));
    }

    @Test
    void aViolationOpensAFindingAndAConfirmationChangesNoStateButIsKeptForTheFlush() {
        // When
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);

        // Then
        assertThat(changed).singleElement().satisfies(finding -> {
            assertThat(finding.state()).isEqualTo(FindingState.OPEN);
            assertThat(finding.ruleId()).isEqualTo(TLS.id());
            assertThat(finding.detail()).isEqualTo("plain HTTP");
        });
        assertThat(book.drainConfirmed()).isEmpty();

        // When confirmed later
        changed.clear();
        book.reconcile("api-1", "shop", Map.of(TLS, new Violation("still plain", Map.of())), at(5), changed);

        // Then
        assertThat(changed).isEmpty();
        assertThat(book.drainConfirmed()).singleElement().satisfies(finding -> {
            assertThat(finding.detail()).isEqualTo("still plain");
            assertThat(finding.lastSeen()).isEqualTo(at(5));
        });
        assertThat(book.drainConfirmed()).isEmpty();
    }

    @Test
    void aViolationThatIsGoneResolvesItsFindingAndComingBackOpensItAgain() {
        // Given
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION, AUTH, VIOLATION), at(0), changed);
        changed.clear();

        // When: only the auth rule is still broken
        book.reconcile("api-1", "shop", Map.of(AUTH, VIOLATION), at(1), changed);

        // Then
        assertThat(changed).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo(TLS.id());
            assertThat(finding.state()).isEqualTo(FindingState.RESOLVED);
        });

        // When it comes back
        changed.clear();
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION, AUTH, VIOLATION), at(2), changed);

        // Then
        assertThat(changed).extracting(Finding::state).containsExactly(FindingState.OPEN);
        assertThat(book.forApi("api-1")).hasSize(2);
    }

    @Test
    void anApiThatLeftTheInventoryHasItsLiveFindingsResolvedOnce() {
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        changed.clear();

        book.resolveApi("api-1", at(1), changed);
        book.resolveApi("api-1", at(2), changed);
        book.resolveApi("api-unknown", at(2), changed);

        assertThat(changed).singleElement().extracting(Finding::state).isEqualTo(FindingState.RESOLVED);
    }

    @Test
    void anAcknowledgementHoldsUntilItLapsesThenTheFindingIsOpenAgain() {
        // Given
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        changed.clear();

        // When
        Finding acknowledged = book.acknowledge(tlsFinding().id(), "alex", "fix planned", at(60), at(1));

        // Then
        assertThat(acknowledged.state()).isEqualTo(FindingState.ACKNOWLEDGED);
        assertThat(acknowledged.acknowledgement().by()).isEqualTo("alex");

        // When: confirmed before it lapses it stays acknowledged; at its end it lapses
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(30), changed);
        assertThat(changed).isEmpty();
        assertThat(tlsFinding().state()).isEqualTo(FindingState.ACKNOWLEDGED);
        book.expireAcknowledgements(at(59), changed);
        assertThat(changed).isEmpty();
        book.expireAcknowledgements(at(60), changed);

        // Then
        assertThat(changed).singleElement().extracting(Finding::state).isEqualTo(FindingState.OPEN);
    }

    @Test
    void aLapsedAcknowledgementOpensTheFindingWhenItIsConfirmed() {
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        book.acknowledge(tlsFinding().id(), "alex", "later", at(10), at(1));
        changed.clear();

        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(10), changed);

        assertThat(changed).singleElement().extracting(Finding::state).isEqualTo(FindingState.OPEN);
    }

    @Test
    void onlyALiveUnsuppressedFindingCanBeAcknowledgedAndOnlyIntoTheFuture() {
        // Given
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        String id = tlsFinding().id();

        // Then
        assertThatThrownBy(() -> book.acknowledge("no-such", "alex", "r", at(10), at(1)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no finding no-such");
        assertThatThrownBy(() -> book.acknowledge(id, "alex", "r", at(1), at(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("until must be in the future");
        assertThatThrownBy(() -> book.unacknowledge(id, at(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("is open, not acknowledged");

        // When resolved, it can no longer be acknowledged
        book.reconcile("api-1", "shop", Map.of(), at(2), changed);
        assertThatThrownBy(() -> book.acknowledgeable(id, at(10), at(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is resolved");
    }

    @Test
    void withdrawingAnAcknowledgementOpensTheFinding() {
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        book.acknowledge(tlsFinding().id(), "alex", "r", at(60), at(1));

        Finding reopened = book.unacknowledge(tlsFinding().id(), at(2));

        assertThat(reopened.state()).isEqualTo(FindingState.OPEN);
        assertThat(reopened.acknowledgement()).isNull();
    }

    @Test
    void aSuppressionSuppressesWhatItCoversNowAndLaterAndRemovingItOpensThemAgain() {
        // Given: a finding in namespace shop and one in namespace billing
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        book.reconcile("api-2", "billing", Map.of(TLS, VIOLATION), at(0), changed);
        changed.clear();
        Suppression shop =
                new Suppression("s-1", TLS.id(), Suppression.Scope.NAMESPACE, "shop", "alex", "internal", at(1));

        // When
        book.suppress(shop, at(1), changed);

        // Then: only the finding in shop
        assertThat(changed).singleElement().satisfies(finding -> {
            assertThat(finding.apiId()).isEqualTo("api-1");
            assertThat(finding.state()).isEqualTo(FindingState.SUPPRESSED);
            assertThat(finding.suppressionId()).isEqualTo("s-1");
        });
        assertThatThrownBy(() -> book.acknowledge(tlsFinding().id(), "alex", "r", at(60), at(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is suppressed");

        // And a new API in shop opens its finding suppressed; a confirmation keeps it so
        changed.clear();
        book.reconcile("api-3", "shop", Map.of(TLS, VIOLATION), at(2), changed);
        assertThat(changed).singleElement().extracting(Finding::state).isEqualTo(FindingState.SUPPRESSED);
        changed.clear();
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(3), changed);
        assertThat(changed).isEmpty();

        // When the suppression is removed
        Suppression removed = book.unsuppress("s-1", at(4), changed);

        // Then both are open again
        assertThat(removed).isEqualTo(shop);
        assertThat(changed).extracting(Finding::apiId).containsExactlyInAnyOrder("api-1", "api-3");
        assertThat(changed).extracting(Finding::state).containsOnly(FindingState.OPEN);
        assertThat(book.suppressions()).isEmpty();
        assertThat(book.unsuppress("s-1", at(5), changed)).isNull();
    }

    @Test
    void removingOneOfTwoSuppressionsLeavesTheFindingSuppressedByTheOther() {
        // Given
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        Suppression api = new Suppression("s-api", TLS.id(), Suppression.Scope.API, "api-1", "alex", "r", at(1));
        Suppression all = new Suppression("s-all", TLS.id(), Suppression.Scope.ALL, null, "alex", "r", at(1));
        book.suppress(api, at(1), changed);
        book.suppress(all, at(1), changed);
        changed.clear();

        // When
        book.unsuppress("s-api", at(2), changed);

        // Then
        assertThat(changed).singleElement().satisfies(finding -> {
            assertThat(finding.state()).isEqualTo(FindingState.SUPPRESSED);
            assertThat(finding.suppressionId()).isEqualTo("s-all");
        });
        assertThat(book.suppression("s-all")).isEqualTo(all);
    }

    @Test
    void aSuppressedFindingWhoseSuppressionWentIsOpenedWhenConfirmed() {
        // Given: a suppression loaded with the finding it suppressed, then gone from the book's view
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        Finding suppressed = tlsFinding().withState(FindingState.SUPPRESSED, at(1), null, "s-gone", 1);
        FindingBook loaded = new FindingBook();
        loaded.load(List.of(suppressed), List.of());

        changed.clear();

        // When
        loaded.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(2), changed);

        // Then
        assertThat(changed).singleElement().extracting(Finding::state).isEqualTo(FindingState.OPEN);
        assertThat(loaded.all()).hasSize(1);
    }

    @Test
    void versionsOnlyGrow() {
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(0), changed);
        long first = tlsFinding().version();
        book.reconcile("api-1", "shop", Map.of(TLS, VIOLATION), at(1), changed);
        long second = tlsFinding().version();
        book.reconcile("api-1", "shop", Map.of(), at(2), changed);

        assertThat(second).isGreaterThan(first);
        assertThat(tlsFinding().version()).isGreaterThan(second);
    }
}
