/** The local run's PostgreSQL: the server that answers, else an embedded one; and the apps' databases on it. */
package io.apiguard.devstack.postgres;
