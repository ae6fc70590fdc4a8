package io.apiguard.common.events;

/** CloudEvents {@code type} attribute of each event ({@code io.apiguard.<name>.v1}) and the {@code source} prefix. */
public final class EventTypes {

    public static final String INVENTORY_CHANGE = "io.apiguard.inventory.change.v1";
    public static final String CALL = "io.apiguard.call.v1";
    public static final String CALL_NORMALIZED = "io.apiguard.call.normalized.v1";
    public static final String CALL_REPARTITIONED = "io.apiguard.call.repartitioned.v1";
    public static final String FINDING = "io.apiguard.finding.v1";
    public static final String DETECTION = "io.apiguard.detection.v1";
    public static final String ENFORCEMENT = "io.apiguard.enforcement.v1";
    public static final String NETWORK_FLOW = "io.apiguard.network.flow.v1";
    public static final String OPERATOR_ACTION = "io.apiguard.operator.action.v1";

    /** Prefix of the CloudEvents {@code source}: {@code /apiguard/<app>}, e.g. {@code /apiguard/discovery-service}. */
    public static final String SOURCE_PREFIX = "/apiguard/";

    private EventTypes() {}

    /** The CloudEvents {@code source} of events an app produces. */
    public static String source(String application) {
        return SOURCE_PREFIX + application;
    }
}
