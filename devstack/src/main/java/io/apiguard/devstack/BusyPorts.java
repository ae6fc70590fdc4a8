package io.apiguard.devstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** Finds which of the ports the local run needs are taken, so it can say so before starting anything. */
final class BusyPorts {

    private BusyPorts() {}

    /** The entries of {@code ports} (what binds it, port) whose port cannot be bound on this machine now. */
    static Map<String, Integer> among(Map<String, Integer> ports) {
        Map<String, Integer> busy = new LinkedHashMap<>();
        ports.forEach((user, port) -> {
            if (!free(port)) {
                busy.put(user, port);
            }
        });
        return busy;
    }

    private static boolean free(int port) {
        // The wildcard address: a port taken on any interface would make the loopback bind fail too.
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
