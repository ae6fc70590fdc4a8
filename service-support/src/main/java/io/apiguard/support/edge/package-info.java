/** Input checks every apiguard API makes at its edge, once, before any resource code runs. */
package io.apiguard.support.edge;
