/** The local PostgreSQL server the apps of the local run keep their databases in. */
package io.apiguard.devstack.postgres;
