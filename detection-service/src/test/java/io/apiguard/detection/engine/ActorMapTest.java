package io.apiguard.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ActorMapTest {

    @Test
    void unverifiedCallersEvictOnlyEachOtherNeverVerifiedSubjects() {
        // Given: room for two of each
        ActorMap<Integer> map = new ActorMap<>(2);
        map.put("alice", 1);
        map.put("bob", 2);

        // When: many credentials and addresses arrive
        for (int i = 0; i < 10; i++) {
            map.get("fp:sha256:" + i, key -> 0);
            map.get("ip:10.0.0." + i, key -> 0);
        }

        // Then
        assertThat(map.get("alice")).isEqualTo(1);
        assertThat(map.get("bob")).isEqualTo(2);
        assertThat(map.get("fp:sha256:0")).isNull();
        assertThat(map.get("ip:10.0.0.9")).isZero();
    }

    @Test
    void subjectsEvictEachOther() {
        ActorMap<Integer> map = new ActorMap<>(1);
        map.put("alice", 1);
        map.put("ip:10.0.0.1", 9);

        map.put("bob", 2);

        assertThat(map.get("alice")).isNull();
        assertThat(map.get("bob")).isEqualTo(2);
        assertThat(map.get("ip:10.0.0.1")).isEqualTo(9);
    }

    @Test
    void everyEntryIsVisitedSubjectsFirstAndClearEmptiesBoth() {
        // Given
        ActorMap<Integer> map = new ActorMap<>(5);
        map.put("ip:10.0.0.1", 3);
        map.put("alice", 1);
        map.put("fp:abc", 4);
        List<String> keys = new ArrayList<>();

        // When
        map.forEach((key, value) -> keys.add(key));

        // Then
        assertThat(keys).containsExactly("alice", "ip:10.0.0.1", "fp:abc");
        map.clear();
        assertThat(map.get("alice")).isNull();
        assertThat(map.get("fp:abc")).isNull();
    }
}
