package io.apiguard.detection.flows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The flow fixtures under {@code src/test/resources/flows/}, one record a line. */
final class Fixtures {

    /** What nfacctd's print plugin wrote here from softflowd's NetFlow v9 export of loopback HTTP traffic. */
    static final String NFACCTD_V9 = "flows/nfacctd-netflow-v9.jsonl";
    /** The same chain with softflowd exporting IPFIX (softflowd's IPFIX end times reach nfacctd as all zeros). */
    static final String NFACCTD_IPFIX = "flows/nfacctd-ipfix.jsonl";
    /** Hand-written in Hubble's documented {@code hubble observe -o json} form: no Hubble runs here. */
    static final String HUBBLE = "flows/hubble-observe.jsonl";

    private Fixtures() {}

    static List<String> lines(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
