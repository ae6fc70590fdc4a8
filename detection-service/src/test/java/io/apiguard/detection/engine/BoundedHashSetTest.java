package io.apiguard.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class BoundedHashSetTest {

    @Test
    void aMemberIsAddedOnceAndFound() {
        // Given
        BoundedHashSet set = new BoundedHashSet(10);

        // When / Then
        assertThat(set.add(42)).isTrue();
        assertThat(set.add(42)).isFalse();
        assertThat(set.contains(42)).isTrue();
        assertThat(set.contains(43)).isFalse();
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void zeroIsAMemberLikeAnyOtherThoughItMarksAnEmptySlot() {
        BoundedHashSet set = new BoundedHashSet(10);

        assertThat(set.contains(0)).isFalse();
        assertThat(set.add(0)).isTrue();
        assertThat(set.contains(0)).isTrue();
        assertThat(set.add(0)).isFalse();
    }

    @Test
    void atItsCapItStopsGrowingAndSaysItIsSaturatedButStillKnowsItsMembers() {
        // Given
        BoundedHashSet set = new BoundedHashSet(3);
        set.add(1);
        set.add(2);
        assertThat(set.saturated()).isFalse();

        // When
        set.add(3);

        // Then
        assertThat(set.saturated()).isTrue();
        assertThat(set.add(4)).isFalse();
        assertThat(set.contains(4)).isFalse();
        assertThat(set.add(2)).isFalse();
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void itGrowsPastItsFirstSlotsKeepingEveryMember() {
        // Given: far more members than the eight first slots, colliding ones among them
        BoundedHashSet set = new BoundedHashSet(10_000);
        long[] members = LongStream.range(1, 5_001).map(i -> i * 1024).toArray();

        // When
        for (long member : members) {
            assertThat(set.add(member)).isTrue();
        }

        // Then
        assertThat(set.size()).isEqualTo(5_000);
        assertThat(LongStream.of(members).filter(member -> !set.contains(member)))
                .isEmpty();
        assertThat(set.toArray()).containsExactlyInAnyOrder(members);
    }

    @Test
    void clearEmptiesItWhetherItGrewOrNot() {
        BoundedHashSet small = BoundedHashSet.of(10, new long[] {5, 6});
        BoundedHashSet grown = BoundedHashSet.of(1_000, LongStream.range(1, 200).toArray());

        small.clear();
        grown.clear();

        assertThat(small.size()).isZero();
        assertThat(small.contains(5)).isFalse();
        assertThat(grown.size()).isZero();
        assertThat(grown.contains(100)).isFalse();
        assertThat(grown.add(100)).isTrue();
    }

    @Test
    void aPersistedSetIsRestoredWithinItsCapAndNoMembersIsAnEmptySet() {
        BoundedHashSet restored = BoundedHashSet.of(2, new long[] {7, 8, 9});

        assertThat(restored.toArray()).hasSize(2);
        assertThat(restored.saturated()).isTrue();
        assertThat(BoundedHashSet.of(5, null).size()).isZero();
    }

    @Test
    void theStringHashIsFnv1aAndStableAcrossRuns() {
        assertThat(BoundedHashSet.hash("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(BoundedHashSet.hash("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(BoundedHashSet.hash("accounts/1")).isNotEqualTo(BoundedHashSet.hash("accounts/2"));
    }
}
