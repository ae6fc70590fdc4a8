package io.apiguard.bench.inspect;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.apiguard.common.inspect.DataClass;
import io.apiguard.common.inspect.DataClasses;

/**
 * {@link DataClasses#find} over a 64 KB JSON body of ordinary API records (ids, names, amounts, timestamps, UUIDs,
 * phone numbers, free text), with nothing sensitive in it ({@code clean}: the whole body is scanned) and with one
 * record near the end carrying an e-mail address ({@code withEmail}). MB/s = 0.0625 / (ms per op / 1000); the same
 * body as plain text ({@code plainText}) measures the scanner without Jackson.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
public class DataClassesBenchmark {

    static final int BODY_BYTES = 64 * 1024;

    private byte[] clean;
    private byte[] withEmail;

    @Setup
    public void setUp() {
        clean = body(false);
        withEmail = body(true);
    }

    /** A JSON array of records, cut to {@link #BODY_BYTES} at a record boundary (then closed). */
    static byte[] body(boolean email) {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder json = new StringBuilder(BODY_BYTES).append('[');
        int n = 0;
        while (json.length() < BODY_BYTES - 600) {
            if (n > 0) {
                json.append(',');
            }
            json.append("{\"id\":\"ORD-")
                    .append(20240000 + n)
                    .append("\",\"uuid\":\"")
                    .append(new java.util.UUID(random.nextLong(), random.nextLong()))
                    .append("\",\"customer\":\"Customer ")
                    .append(n)
                    .append("\",\"amount\":")
                    .append(random.nextInt(100_000) / 100.0)
                    .append(",\"createdAt\":\"2024-01-15T10:20:")
                    .append(10 + n % 50)
                    .append(".123Z\",\"ts\":")
                    .append(1_705_314_030_123L + n)
                    .append(",\"phone\":\"+44 20 7946 ")
                    .append(1000 + n % 9000)
                    .append("\",\"note\":\"Deliver to the back door, ring twice; call before 18:00 if late.\"")
                    .append(",\"items\":[{\"sku\":\"SKU-")
                    .append(random.nextInt(1_000_000))
                    .append("\",\"qty\":")
                    .append(1 + random.nextInt(5))
                    .append("}]}");
            n++;
        }
        if (email) {
            json.append(",{\"contact\":\"someone@example.com\"}");
        }
        json.append(']');
        while (json.length() < BODY_BYTES) {
            json.append(' ');
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Set<DataClass> clean() {
        return DataClasses.find(clean, "application/json");
    }

    @Benchmark
    public Set<DataClass> withEmail() {
        return DataClasses.find(withEmail, "application/json");
    }

    @Benchmark
    public Set<DataClass> plainText() {
        return DataClasses.find(clean, "text/plain");
    }
}
