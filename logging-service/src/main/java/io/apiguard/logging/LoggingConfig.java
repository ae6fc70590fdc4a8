package io.apiguard.logging;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of logging-service: ingestion limits, redaction and retention. */
@ConfigMapping(prefix = "apiguard.logging")
public interface LoggingConfig {

    /** Limits of {@code POST /api/v1/calls:batch}. */
    Ingest ingest();

    /** What is removed from call records before anything is stored or published. */
    Redaction redaction();

    /** How long call records are kept. */
    Retention retention();

    /** Limits of {@code POST /api/v1/calls:batch}. */
    interface Ingest {

        /** Most records one batch may hold; a larger batch is refused whole with 413 so the sender splits it. */
        @WithDefault("10000")
        int maxBatchRecords();

        /** Largest batch body in bytes; a larger one is refused whole with 413. */
        @WithDefault("16777216")
        int maxBatchBytes();

        /**
         * How far in the future a record's timestamp may lie (clock skew between nodes); later ones are rejected, since
         * they would be stored outside any day partition.
         */
        @WithDefault("1h")
        Duration maxClockSkew();
    }

    /** What is removed from call records before anything is stored or published. */
    interface Redaction {

        /** Header names whose values are replaced (any case); gateways may send headers, sidecars do not. */
        @WithDefault("authorization,proxy-authorization,cookie,set-cookie,x-api-key,x-auth-token,x-csrf-token,"
                + "x-amz-security-token")
        List<String> headers();

        /** Query parameter names (and JSON field names in header values) whose values are replaced (any case). */
        @WithDefault("access_token,id_token,refresh_token,token,api_key,apikey,key,password,passwd,pwd,secret,"
                + "client_secret,signature,sig,x-amz-signature,session,sessionid,jwt,code")
        List<String> fields();

        /** Whether digit runs that pass the Luhn check (card numbers) are masked everywhere in a record. */
        @WithDefault("true")
        boolean cardNumbers();
    }

    /** How long call records are kept. */
    interface Retention {

        /** Days of calls kept; older day partitions are dropped whole. */
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
