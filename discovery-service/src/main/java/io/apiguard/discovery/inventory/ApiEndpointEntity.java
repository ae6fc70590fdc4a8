package io.apiguard.discovery.inventory;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code api_endpoint}: the API as JSON plus the columns the REST API filters by. */
@Entity
@Table(name = "api_endpoint")
public class ApiEndpointEntity {

    @Id
    public String id;

    public String host;

    public String path;

    public String namespace;

    public String state;

    public String exposure;

    public String source;

    public String document;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
