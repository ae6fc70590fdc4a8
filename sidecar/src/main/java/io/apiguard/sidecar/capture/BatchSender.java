package io.apiguard.sidecar.capture;

import java.util.List;

import io.apiguard.common.events.ApiCallRecord;
import io.smallrye.mutiny.Uni;

/** Delivers one batch; emits how many records the receiver accepted, fails when it did not answer usefully. */
@FunctionalInterface
public interface BatchSender {

    Uni<Integer> send(List<ApiCallRecord> batch);
}
