package io.apiguard.testing.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafkaBroker} as a standalone process: {@code --port 9092 --data-dir DIR}. Prints
 * {@code apiguard-kafka READY <bootstrap>} once clients can connect and stops cleanly on SIGTERM or Ctrl-C.
 */
public final class KafkaBrokerMain {

    /** The line printed on standard output once the broker is ready. */
    public static final String READY_PREFIX = "apiguard-kafka READY ";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 9092;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: KafkaBrokerMain [--port N] [--data-dir DIR]");
                    System.exit(2);
                }
            }
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.of(port, dataDir));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "apiguard-kafka-shutdown"));
        System.out.println(READY_PREFIX + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
