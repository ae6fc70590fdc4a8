/** The apps of the local run: which ones, as supervised child processes, and how to tell they are ready. */
package io.apiguard.devstack.apps;
