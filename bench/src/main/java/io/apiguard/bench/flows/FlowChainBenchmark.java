package io.apiguard.bench.flows;

import static io.apiguard.bench.BenchSupport.intOption;
import static io.apiguard.bench.BenchSupport.option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.apiguard.bench.BenchApp;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.oidc.LocalIssuer;

/**
 * The real flow chain on loopback: a local HTTP server and client make traffic, Debian's {@code softflowd} exports it
 * (NetFlow v9 or IPFIX) to Debian's {@code nfacctd}, whose Kafka plugin writes JSON to {@code apiguard.network.pmacct}
 * on the test kit's broker, and detection-service (its jar) maps it onto {@code apiguard.network}. Prints how many
 * flows nfacctd sent and how many arrived normalized, then the adapter's throughput on {@code --records} copies of the
 * recorded records, measured after {@code --warmup} copies went through (the adapter's JIT warmed up). Needs
 * {@code apt-get install pmacct softflowd} and root (softflowd captures on {@code lo}). Usage:
 * {@code bench/flows.sh [--netflow 10|9] [--calls 12] [--warmup 20000] [--records 20000]}; {@code --root <tree>}
 * measures that tree's built detection-service jar (another checkout's, for a before/after on one machine).
 */
public final class FlowChainBenchmark {

    private static final int COLLECTOR_PORT = 2100 + new Random().nextInt(400);
    /** Large enough that softflowd's capture buffer fills and hands packets over promptly. */
    private static final int BODY_BYTES = 3_000_000;

    private FlowChainBenchmark() {}

    public static void main(String[] args) throws Exception {
        int version = intOption(args, "--netflow", 10);
        int calls = intOption(args, "--calls", 12);
        int records = intOption(args, "--records", 20_000);
        int warmup = intOption(args, "--warmup", 20_000);
        Path work = Files.createTempDirectory("apiguard-flows-");
        List<Process> processes = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new byte[BODY_BYTES];
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        int httpPort = server.getAddress().getPort();
        try (BenchApp detection = BenchApp.start(
                Path.of(option(args, "--root", ".")),
                "detection-service",
                LocalIssuer.Workload.pod("apiguard", "apiguard-detection", "detection-0"),
                List.of())) {
            String bootstrap = detection.bootstrapServers();
            String brokerPort = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
            Path config = work.resolve("nfacctd.conf");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "daemonize: false",
                            "nfacctd_ip: 127.0.0.1",
                            "nfacctd_port: " + COLLECTOR_PORT,
                            "plugins: kafka[flows]",
                            "aggregate[flows]: src_host, dst_host, src_port, dst_port, proto, timestamp_start,"
                                    + " timestamp_end",
                            "kafka_output[flows]: json",
                            "kafka_broker_host[flows]: 127.0.0.1",
                            "kafka_broker_port[flows]: " + brokerPort,
                            "kafka_topic[flows]: " + Topics.NETWORK_PMACCT,
                            "kafka_refresh_time[flows]: 2",
                            "timestamps_rfc3339: true",
                            "timestamps_utc: true",
                            ""));
            processes.add(start(work, "nfacctd", List.of("nfacctd", "-f", config.toString())));
            Path control = work.resolve("softflowd.ctl");
            processes.add(start(
                    work,
                    "softflowd",
                    List.of(
                            "softflowd",
                            "-d",
                            "-i",
                            "lo",
                            "-n",
                            "127.0.0.1:" + COLLECTOR_PORT,
                            "-v",
                            String.valueOf(version),
                            "-c",
                            control.toString(),
                            "-t",
                            "maxlife=5s",
                            "tcp port " + httpPort)));
            Thread.sleep(2_000);

            try (KafkaConsumer<String, String> network = consumerAtEnd(bootstrap, Topics.NETWORK);
                    KafkaConsumer<String, String> raw = consumerAtEnd(bootstrap, Topics.NETWORK_PMACCT)) {
                HttpClient client = HttpClient.newHttpClient();
                for (int i = 0; i < calls; i++) {
                    client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/card/" + i))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                }
                Thread.sleep(1_000);
                new ProcessBuilder("softflowctl", "-c", control.toString(), "expire-all")
                        .inheritIO()
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);

                // Then: nfacctd's records on the raw topic, and the adapter's flows on the network topic
                ObjectMapper mapper = EventJson.mapper();
                List<String> recorded = new ArrayList<>();
                int arrived = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && (recorded.isEmpty() || arrived < recorded.size())) {
                    for (ConsumerRecord<String, String> record : raw.poll(Duration.ofMillis(200))) {
                        recorded.add(record.value());
                    }
                    for (ConsumerRecord<String, String> record : network.poll(Duration.ofMillis(200))) {
                        NetworkFlow flow = mapper.readValue(record.value(), NetworkFlow.class);
                        if (NetworkFlow.PMACCT.equals(flow.collector())
                                && (flow.sourcePort() == httpPort || flow.destinationPort() == httpPort)) {
                            arrived++;
                        }
                    }
                }
                System.out.printf(
                        "chain: %d HTTP calls on loopback -> softflowd (NetFlow v%d) -> nfacctd -> %s: %d records;"
                                + " %d normalized flows on %s%n",
                        calls, version, Topics.NETWORK_PMACCT, recorded.size(), arrived, Topics.NETWORK);
                if (recorded.isEmpty()) {
                    System.out.println("nothing arrived: see " + work + " for nfacctd's and softflowd's output");
                    return;
                }
                if (!recorded.isEmpty()) {
                    System.out.println("first record as nfacctd wrote it: " + recorded.get(0));
                }

                // And the adapter's throughput on copies of what nfacctd wrote, once its JIT has warmed up
                if (warmup > 0) {
                    System.out.printf("warm-up: %d records%n", warmup);
                    throughput(bootstrap, recorded, warmup, network);
                }
                int measured = throughput(bootstrap, recorded, records, network);
                System.out.printf("adapter: %d of %d records through%n", measured, records);
            }
        } finally {
            for (Process process : processes) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            server.stop(0);
        }
    }

    private static int throughput(
            String bootstrap, List<String> recorded, int records, KafkaConsumer<String, String> network)
            throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(),
                new StringSerializer())) {
            long started = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(Topics.NETWORK_PMACCT, null, recorded.get(i % recorded.size())));
            }
            producer.flush();
            int arrived = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (arrived < records && System.nanoTime() < deadline) {
                arrived += network.poll(Duration.ofMillis(200)).count();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "adapter: %d raw pmacct records -> %d flows on %s in %.2f s: %.0f flows/s%n",
                    records, arrived, Topics.NETWORK, seconds, arrived / seconds);
            return arrived;
        }
    }

    private static KafkaConsumer<String, String> consumerAtEnd(String bootstrap, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-flows-" + topic + "-" + System.nanoTime()),
                new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static Process start(Path work, String name, List<String> command) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile())
                .start();
    }
}
