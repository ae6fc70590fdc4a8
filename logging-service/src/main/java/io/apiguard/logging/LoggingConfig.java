package io.apiguard.logging;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of logging-service: ingestion limits and record validation, redaction, the stream, retention. */
@ConfigMapping(prefix = "apiguard.logging")
public interface LoggingConfig {

    /** Limits of {@code POST /api/v1/calls:batch} and {@code apiguard.calls}, and what a valid record is. */
    Ingest ingest();

    /** What is removed from call records before anything is stored or published. */
    Redaction redaction();

    /** How stored calls reach {@code apiguard.calls.normalized}. */
    Stream stream();

    /** How long call records are kept. */
    Retention retention();

    /**
     * Limits of {@code POST /api/v1/calls:batch} and {@code apiguard.calls}, and the bounds every record is checked
     * against on its own (a record outside them is refused by index, the rest of its batch is kept). The text bounds
     * lie at or above what an HTTP server in front of the API lets a request carry (8 KiB lines and headers), so a
     * client cannot shape a request whose record a correct producer could not deliver.
     */
    interface Ingest {

        /** Most records one batch may hold; a larger batch is refused whole with 413 so the sender splits it. */
        @WithDefault("10000")
        int maxBatchRecords();

        /** Largest batch body in bytes; a larger one is refused whole with 413. */
        @WithDefault("16777216")
        int maxBatchBytes();

        /** Largest single record in bytes of JSON (one array element, one NDJSON line, one Kafka message). */
        @WithDefault("65536")
        int maxRecordBytes();

        /**
         * How far in the future a record's timestamp may lie (clock skew between nodes); later ones are refused. The
         * oldest accepted is the retention period ({@code apiguard.logging.retention.days}): an older record would be
         * deleted as soon as it was stored.
         */
        @WithDefault("5m")
        Duration maxClockSkew();

        /** Longest {@code api.path} and {@code api.pathTemplate}, in characters. */
        @WithDefault("8192")
        int maxPathLength();

        /** Longest {@code api.query}, in characters. */
        @WithDefault("8192")
        int maxQueryLength();

        /** Longest header value, user agent and forwarded-for value, in characters. */
        @WithDefault("8192")
        int maxHeaderLength();

        /**
         * Longest other text of a record, in characters: host, API id, identity names, roles, object ids,
         * destination, rule id, trace id, header names.
         */
        @WithDefault("1024")
        int maxTextLength();

        /** Most headers a record may carry (gateways send the credential headers, sidecars none). */
        @WithDefault("64")
        int maxHeaders();

        /** Most roles an identity may carry. */
        @WithDefault("64")
        int maxRoles();

        /**
         * Most objects kept of a record; the first ones are kept beyond it, the record is not refused, because a
         * client shapes the path the objects come from and must not be able to make its own call unrecordable.
         */
        @WithDefault("64")
        int maxObjects();

        /**
         * Most forwarded-for hops kept of a record; the rightmost are kept beyond it (the ones proxies appended, which
         * trust decisions read; the leftmost are whatever the client wrote), and the record is not refused, for the
         * same reason as {@link #maxObjects()}.
         */
        @WithDefault("32")
        int maxForwardedHops();
    }

    /** What is removed from call records before anything is stored or published. */
    interface Redaction {

        /**
         * Parts of header, query parameter and field names that make their values secret, any case: a name is split
         * into words (at punctuation and camel case) and a word containing one of these marks it, so
         * {@code X-Goog-Api-Key}, {@code access-token}, {@code auth_token}, {@code clientAssertion} and
         * {@code sessionid} are all masked.
         */
        @WithDefault("key,token,secret,auth,password,passwd,pwd,passphrase,session,signature,credential,cookie,"
                + "assertion,jwt")
        List<String> namePatterns();

        /** Header names masked as well, exactly (any case), when no pattern names them. */
        @WithDefault("proxy-authorization,x-csrf-token,x-amz-security-token")
        List<String> headers();

        /** Query parameter and field names masked as well, exactly (any case): the short ones no pattern can name. */
        @WithDefault("sig,code,otp,pin,cvv,cvc,ssn")
        List<String> fields();

        /**
         * Prefixes of well-known secret formats, masked wherever they start a run of token characters (followed by at
         * least 10 more): cloud keys, VCS and chat tokens, payment keys, package registry tokens.
         */
        @WithDefault("sk_live_,sk_test_,rk_live_,rk_test_,whsec_,ghp_,gho_,ghu_,ghs_,ghr_,github_pat_,glpat-,gldt-,"
                + "glrt-,xoxb-,xoxp-,xoxa-,xoxr-,xoxs-,xapp-,AKIA,ASIA,AIza,ya29.,npm_,pypi-,shpat_,shpss_,SG.,dop_v1_,"
                + "hf_,sq0atp-,sq0csp-")
        List<String> tokenPrefixes();

        /**
         * Shortest run of token characters taken for a secret by its randomness alone. Shorter runs are ids far more
         * often than keys; secrets of a known format are found by prefix whatever their length.
         */
        @WithDefault("32")
        int minTokenLength();

        /**
         * Least Shannon entropy, in bits per character, of a run taken for a secret by its randomness (it must also mix
         * upper case, lower case and digits, which hex ids and UUIDs never do). Random base64 of 32 characters lies
         * near 4.5, English words and camel-case names below 4.
         */
        @WithDefault("4.2")
        double minTokenEntropy();

        /** Whether digit runs that pass the Luhn check (card numbers) are masked everywhere in a record. */
        @WithDefault("true")
        boolean cardNumbers();
    }

    /**
     * How stored calls reach {@code apiguard.calls.normalized}: a record is stored first, together with a note that it
     * is owed to the stream, published, and the note cleared once the broker acknowledged it. A note left behind (the
     * broker was down, the app stopped between the two) is settled by a sweep.
     */
    interface Stream {

        /**
         * How old a note must be before the sweep publishes its record: longer than a publish may take
         * (the producer's {@code delivery.timeout.ms}), so a record still on its way is not sent twice.
         */
        @WithDefault("5m")
        Duration republishAfter();

        /** How often the sweep looks for records owed to the stream. */
        @WithDefault("1m")
        Duration republishEvery();

        /** Most records one sweep publishes; the rest wait for the next. */
        @WithDefault("1000")
        int republishBatch();
    }

    /** How long call records are kept. */
    interface Retention {

        /** Days of calls kept; older day partitions are dropped whole, and older records are refused at ingest. */
        @WithDefault("30")
        int days();

        /** Day partitions created ahead of today, so a new day never starts without one. */
        @WithDefault("2")
        int partitionsAhead();

        /** How often partitions are created ahead and old ones dropped. */
        @WithDefault("1h")
        Duration checkEvery();
    }
}
