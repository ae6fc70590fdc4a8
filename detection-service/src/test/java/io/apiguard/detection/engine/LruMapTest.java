package io.apiguard.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LruMapTest {

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedEntryIsDropped() {
        // Given
        LruMap<String, Integer> map = new LruMap<>(2);
        map.put("a", 1);
        map.put("b", 2);

        // When: a is used, then c arrives
        map.get("a");
        map.put("c", 3);

        // Then: b, the least recently used, is gone
        assertThat(map).containsOnlyKeys("a", "c");
        assertThat(map.capacity()).isEqualTo(2);
    }

    @Test
    void aMissingValueIsCreatedOnceAndAPresentOneReturned() {
        // Given
        LruMap<String, List<String>> map = new LruMap<>(10);
        List<String> created = new ArrayList<>();

        // When
        List<String> first = map.get("alice", key -> {
            created.add(key);
            return new ArrayList<>();
        });
        List<String> second = map.get("alice", key -> {
            created.add(key);
            return new ArrayList<>();
        });

        // Then
        assertThat(second).isSameAs(first);
        assertThat(created).containsExactly("alice");
    }

    @Test
    void creatingAValueWhenFullEvictsTheEldest() {
        LruMap<Integer, String> map = new LruMap<>(3);
        for (int i = 0; i < 5; i++) {
            map.get(i, String::valueOf);
        }

        assertThat(map).containsOnlyKeys(2, 3, 4);
    }
}
