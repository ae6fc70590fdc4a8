package io.apiguard.posture.audit;

import io.apiguard.common.events.OperatorAction;
import io.apiguard.posture.PostureConfig;
import io.smallrye.mutiny.Uni;

/**
 * Stand-ins for {@link AuditEventProducer} that tests install with {@code QuarkusMock.installMockForType} for one test
 * method: a mock of a normal-scoped bean must be an instance of its class, so these subclass it (anonymously, so CDI
 * never sees a second bean).
 */
public final class AuditFaults {

    private AuditFaults() {}

    /** An audit sink whose broker never acknowledges: every record fails, as when Kafka is unreachable. */
    public static AuditEventProducer unacknowledged(PostureConfig config) {
        return new AuditEventProducer(null, config) {
            @Override
            public Uni<Void> publish(OperatorAction action) {
                return Uni.createFrom()
                        .failure(
                                new IllegalStateException("the broker did not acknowledge " + action.id() + " (test)"));
            }
        };
    }
}
