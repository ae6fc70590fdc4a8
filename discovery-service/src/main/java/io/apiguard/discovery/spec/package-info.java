/** APIs' own OpenAPI documents: found through annotations, read once, stored and served beside the inventory. */
package io.apiguard.discovery.spec;
