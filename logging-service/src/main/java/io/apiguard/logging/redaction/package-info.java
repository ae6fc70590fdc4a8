/** Removes secrets and card numbers from call records before anything is stored or published. */
package io.apiguard.logging.redaction;
