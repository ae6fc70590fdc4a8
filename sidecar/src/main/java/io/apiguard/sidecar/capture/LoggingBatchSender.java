package io.apiguard.sidecar.capture;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.apiguard.common.events.ApiCallRecord;
import io.smallrye.mutiny.Uni;

/**
 * Sends batches to logging-service and reads its answer: 202 means all accepted; 400 with {@code accepted} means the
 * listed records were invalid and the others kept (they are not resent: they would be refused again); 413, or a 400
 * without {@code accepted}, means the batch was refused whole for what it holds and nothing was kept
 * ({@link BatchRejectedException}: the shipper splits it); anything else (5xx, 401, a timeout, no connection) fails the
 * delivery ({@link DeliveryFailedException}) so the batch is kept and resent.
 */
@ApplicationScoped
public class LoggingBatchSender implements BatchSender {

    private static final Logger LOGGER = Logger.getLogger(LoggingBatchSender.class);

    private final LoggingClient client;

    LoggingBatchSender(@RestClient LoggingClient client) {
        this.client = client;
    }

    @Override
    public Uni<Integer> send(List<ApiCallRecord> batch) {
        return client.send(batch)
                .onFailure(WebApplicationException.class)
                .recoverWithItem(failure -> ((WebApplicationException) failure).getResponse())
                .map(response -> accepted(response, batch.size()));
    }

    private static int accepted(Response response, int size) {
        int status = response.getStatus();
        if (status == 202 || status == 200) {
            return size;
        }
        if (status == 400 || status == 413) {
            Map<?, ?> problem = problem(response);
            if (status == 400 && problem.get("accepted") instanceof Number accepted) {
                LOGGER.warnf(
                        "logging-service refused %d records of a batch of %d as invalid",
                        size - accepted.intValue(), size);
                return accepted.intValue();
            }
            throw new BatchRejectedException("logging-service refused a batch of " + size + " whole (" + status + ")");
        }
        throw new DeliveryFailedException("logging-service answered " + status);
    }

    /** The problem document of a refusal; empty when there is none or it cannot be read. */
    private static Map<?, ?> problem(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(Map.class) : Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The batch did not arrive; it is resent. */
    static final class DeliveryFailedException extends RuntimeException {
        DeliveryFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
