/**
 * One leader among the replicas of an app: a Kubernetes Lease held through Fabric8's leader elector, so the work that
 * must happen once (publishing, pushing, sweeping) runs on one replica while the others stay warm.
 */
package io.apiguard.support.leader;
