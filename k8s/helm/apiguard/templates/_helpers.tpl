{{/* Name of a release-scoped object of one component: <release>-<component>. */}}
{{- define "apiguard.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the pods of one component. */}}
{{- define "apiguard.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The standard labels of every object. */}}
{{- define "apiguard.labels" -}}
{{ include "apiguard.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: apiguard
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* <registry>/<image>:<tag>. */}}
{{- define "apiguard.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .image (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{/* Restricted pod security standard, pod level. */}}
{{- define "apiguard.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 185
runAsGroup: 185
fsGroup: 185
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Restricted pod security standard, container level. */}}
{{- define "apiguard.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/*
The apiguard sidecar, to add beside an API container. In your Deployment's pod template:

  metadata:
    labels:
      apiguard.io/sidecar: enabled          # enforcement-service finds sidecars by this label
  spec:
    containers:
      - name: api
        ...
      {{- include "apiguard.sidecar" (dict "root" $ "upstreamPort" 8080 "service" "accounts") | nindent 6 }}

    volumes:
      {{- include "apiguard.sidecarVolumes" (dict "root" $) | nindent 6 }}
    # long enough for the preStop sleep, the in-flight calls and the flush of queued call records
    terminationGracePeriodSeconds: {{ include "apiguard.sidecarTerminationGracePeriodSeconds" (dict "root" $) }}

and point the Service at port "apiguard-proxy" (8090) instead of the API container's port. The pod's namespace must be
listed in sidecar.namespaces, so that the rule-set public keys are there.
*/}}
{{- define "apiguard.sidecar" -}}
- name: apiguard-sidecar
  image: {{ include "apiguard.image" (dict "root" .root "image" .root.Values.sidecar.image) }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  ports:
    - {name: apiguard-proxy, containerPort: {{ .root.Values.sidecar.proxyPort }}}
    - {name: apiguard-admin, containerPort: {{ .root.Values.sidecar.adminPort }}}
    - {name: apiguard-mgmt, containerPort: {{ .root.Values.sidecar.managementPort }}}
  env:
    - {name: QUARKUS_HTTP_PORT, value: {{ .root.Values.sidecar.adminPort | quote }}}
    - {name: QUARKUS_MANAGEMENT_PORT, value: {{ .root.Values.sidecar.managementPort | quote }}}
    - {name: APIGUARD_SIDECAR_PROXY_PORT, value: {{ .root.Values.sidecar.proxyPort | quote }}}
    - {name: APIGUARD_SIDECAR_UPSTREAM, value: {{ printf "http://127.0.0.1:%v" .upstreamPort | quote }}}
    - {name: QUARKUS_REST_CLIENT_LOGGING_URL, value: {{ printf "http://%s.%s:8080" (include "apiguard.fullname" (dict "root" .root "component" "logging-service")) .root.Release.Namespace | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_ENABLED, value: {{ .root.Values.sidecar.capture.enabled | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_QUEUE_CAPACITY, value: {{ .root.Values.sidecar.capture.queueCapacity | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_BATCH_SIZE, value: {{ .root.Values.sidecar.capture.batchSize | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_FLUSH_INTERVAL, value: {{ .root.Values.sidecar.capture.flushInterval | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_MAX_IN_FLIGHT, value: {{ .root.Values.sidecar.capture.maxInFlight | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_SHUTDOWN_FLUSH_TIMEOUT, value: {{ printf "%vs" .root.Values.sidecar.shutdown.flushTimeoutSeconds | quote }}}
    - {name: QUARKUS_SHUTDOWN_TIMEOUT, value: {{ printf "%vs" .root.Values.sidecar.shutdown.timeoutSeconds | quote }}}
    - name: APIGUARD_SIDECAR_CAPTURE_POD
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: APIGUARD_SIDECAR_CAPTURE_NAMESPACE
      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    {{- with .service }}
    - {name: APIGUARD_SIDECAR_CAPTURE_SERVICE, value: {{ . | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_SERVICE, value: {{ . | quote }}}
    {{- end }}
    - {name: QUARKUS_REST_CLIENT_ENFORCEMENT_URL, value: {{ printf "http://%s.%s:8080" (include "apiguard.fullname" (dict "root" .root "component" "enforcement-service")) .root.Release.Namespace | quote }}}
    - {name: APIGUARD_SIDECAR_INSPECTION_ENABLED, value: {{ .root.Values.sidecar.inspection.enabled | quote }}}
    - {name: APIGUARD_SIDECAR_INSPECTION_MAX_BODY_BYTES, value: {{ .root.Values.sidecar.inspection.maxBodyBytes | quote }}}
    - {name: APIGUARD_SIDECAR_INSPECTION_INSPECT_RESPONSES, value: {{ .root.Values.sidecar.inspection.inspectResponses | quote }}}
    - {name: APIGUARD_SIDECAR_INSPECTION_MAX_RESPONSE_BYTES, value: {{ .root.Values.sidecar.inspection.maxResponseBytes | quote }}}
    {{- with .root.Values.sidecar.loginTargets.keySecret }}
    - name: APIGUARD_SIDECAR_LOGIN_TARGETS_KEY
      valueFrom: {secretKeyRef: {name: {{ . | quote }}, key: {{ $.root.Values.sidecar.loginTargets.keySecretKey | quote }}}}
    {{- end }}
    {{- with .root.Values.sidecar.returnedObjects.keySecret }}
    - name: APIGUARD_SIDECAR_RETURNED_OBJECTS_KEY
      valueFrom: {secretKeyRef: {name: {{ . | quote }}, key: {{ $.root.Values.sidecar.returnedObjects.keySecretKey | quote }}}}
    {{- end }}
    {{- with .root.Values.sidecar.loginTargets.operations }}
    - {name: APIGUARD_SIDECAR_LOGIN_TARGETS_OPERATIONS, value: {{ join "," . | quote }}}
    {{- end }}
    - {name: APIGUARD_SIDECAR_POSITIVE_MODEL_ENABLED, value: {{ .root.Values.sidecar.positiveModel.enabled | quote }}}
    - {name: APIGUARD_SIDECAR_POSITIVE_MODEL_STRICT_WRITES, value: {{ .root.Values.sidecar.positiveModel.strictWrites | quote }}}
    - {name: APIGUARD_SIDECAR_POSITIVE_MODEL_MAX_VIOLATIONS, value: {{ .root.Values.sidecar.positiveModel.maxViolations | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_ENABLED, value: {{ .root.Values.sidecar.enforcement.enabled | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_MODE, value: {{ .root.Values.sidecar.enforcement.mode | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_FAIL_MODE, value: {{ .root.Values.sidecar.enforcement.failMode | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_PULL_INTERVAL, value: {{ .root.Values.sidecar.enforcement.pullInterval | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_HEARTBEAT_INTERVAL, value: {{ .root.Values.sidecar.enforcement.heartbeatInterval | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_STATE_FILE, value: /tmp/apiguard-rules.json}
    # Public keys only (the ConfigMap <release>-rule-set-keys): the private key never leaves enforcement-service.
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_VERIFICATION_KEYS_DIR, value: {{ include "apiguard.ruleSetKeysDir" . }}}
    # The sidecar's identity, which a rule set must be signed for: its pod, from the Downward API.
    - name: APIGUARD_SIDECAR_ENFORCEMENT_NAMESPACE
      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    - name: APIGUARD_SIDECAR_ENFORCEMENT_POD
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    {{- if .root.Values.services.enforcement.enabled }}
    # Rule-set pushes are accepted from enforcement-service's service account only.
    - {name: APIGUARD_SECURITY_WORKLOADS_RULE_PUBLISHERS, value: {{ include "apiguard.serviceAccountId" (dict "root" .root "component" "enforcement-service") | quote }}}
    {{- end }}
    {{- range $name, $value := include "apiguard.securityVars" .root | fromJson }}
    - {name: {{ $name }}, value: {{ $value | quote }}}
    {{- end }}
    {{- range $name, $value := include "apiguard.identityVars" .root | fromJson }}
    - {name: {{ $name }}, value: {{ $value | quote }}}
    {{- end }}
  # Health is on the management port, public; the admin port answers only authenticated callers.
  startupProbe:
    httpGet: {path: /q/health/started, port: apiguard-mgmt}
    periodSeconds: 2
    failureThreshold: 60
  livenessProbe:
    httpGet: {path: /q/health/live, port: apiguard-mgmt}
  readinessProbe:
    httpGet: {path: /q/health/ready, port: apiguard-mgmt}
  # Kubernetes takes the pod out of its Service's endpoints while this sleeps, so no new call arrives once SIGTERM
  # stops the proxy; the sidecar then flushes its queued call records (see the pod's terminationGracePeriodSeconds).
  lifecycle:
    preStop:
      exec: {command: ["sleep", {{ .root.Values.sidecar.shutdown.preStopSleepSeconds | quote }}]}
  resources: {{- toYaml .root.Values.sidecar.resources | nindent 4 }}
  securityContext: {{- include "apiguard.containerSecurityContext" . | nindent 4 }}
  volumeMounts:
    - {name: apiguard-sidecar-tmp, mountPath: /tmp}
    {{- include "apiguard.workloadVolumeMounts" (dict "root" .root "prefix" "apiguard-sidecar-") | nindent 4 }}
    # Not a subPath: a rotated ConfigMap reaches the sidecar, which reads the directory again.
    - {name: apiguard-rule-set-keys, mountPath: {{ include "apiguard.ruleSetKeysDir" . }}, readOnly: true}
    {{- if .root.Values.identity.existingSecret }}
    - {name: apiguard-identity, mountPath: /etc/apiguard/identity, readOnly: true}
    {{- end }}
{{- end -}}

{{/* The volumes the sidecar container mounts; add them to the pod's volumes. */}}
{{- define "apiguard.sidecarVolumes" -}}
- {name: apiguard-sidecar-tmp, emptyDir: {}}
{{ include "apiguard.workloadVolumes" (dict "root" .root "prefix" "apiguard-sidecar-") }}
# Optional: without the keys the sidecar refuses rule sets, but the API keeps serving.
- name: apiguard-rule-set-keys
  configMap: {name: {{ include "apiguard.fullname" (dict "root" .root "component" "rule-set-keys") }}, optional: true}
{{- with .root.Values.identity.existingSecret }}
- {name: apiguard-identity, secret: {secretName: {{ . }}}}
{{- end }}
{{- end -}}

{{/*
The pod's terminationGracePeriodSeconds with the sidecar in it: the preStop sleep, then Quarkus's graceful shutdown,
then the flush of the queued call records, plus a margin; set it on the pod spec beside the sidecar container.
*/}}
{{- define "apiguard.sidecarTerminationGracePeriodSeconds" -}}
{{- $shutdown := .root.Values.sidecar.shutdown -}}
{{- add $shutdown.preStopSleepSeconds $shutdown.timeoutSeconds $shutdown.flushTimeoutSeconds $shutdown.marginSeconds -}}
{{- end -}}

{{/* Where the sidecar reads the rule-set public keys. */}}
{{- define "apiguard.ruleSetKeysDir" -}}
/etc/apiguard/rule-set-keys
{{- end -}}

{{/* A service account as apiguard.security.workloads.* names it: <release namespace>/<account>. */}}
{{- define "apiguard.serviceAccountId" -}}
{{- printf "%s/%s" .root.Release.Namespace (include "apiguard.fullname" .) -}}
{{- end -}}

{{/*
Who may call apiguard, for every service and the sidecar, as environment variables (a JSON object): the operators'
issuer and role mapping, the cluster's issuer for workloads, this pod's own token, and posture-service as a viewer.
*/}}
{{- define "apiguard.securityVars" -}}
{{- $ops := .Values.auth.operators -}}
{{- $wl := .Values.auth.workloads -}}
{{- $vars := dict
    "QUARKUS_OIDC_AUTH_SERVER_URL" $ops.issuer
    "QUARKUS_OIDC_WORKLOAD_AUTH_SERVER_URL" $wl.issuer
    "APIGUARD_SECURITY_WORKLOADS_TOKEN_FILE" "/var/run/secrets/apiguard/token" -}}
{{- with $ops.audience }}{{ $_ := set $vars "QUARKUS_OIDC_TOKEN_AUDIENCE" . }}{{ end -}}
{{- with $ops.rolesClaim }}{{ $_ := set $vars "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH" . }}{{ end -}}
{{- with $ops.roles.viewer }}{{ $_ := set $vars "APIGUARD_SECURITY_OPERATORS_VIEWER_ROLES" (join "," .) }}{{ end -}}
{{- with $ops.roles.operator }}{{ $_ := set $vars "APIGUARD_SECURITY_OPERATORS_OPERATOR_ROLES" (join "," .) }}{{ end -}}
{{- with $ops.roles.admin }}{{ $_ := set $vars "APIGUARD_SECURITY_OPERATORS_ADMIN_ROLES" (join "," .) }}{{ end -}}
{{- if $wl.inClusterIssuer }}
{{- $_ := set $vars "QUARKUS_OIDC_WORKLOAD_TLS_TLS_CONFIGURATION_NAME" "cluster" }}
{{- $_ := set $vars "QUARKUS_TLS_CLUSTER_TRUST_STORE_PEM_CERTS" "/var/run/secrets/cluster-issuer/ca.crt" }}
{{- $_ := set $vars "APIGUARD_SECURITY_WORKLOADS_ISSUER_TOKEN_FILE" "/var/run/secrets/cluster-issuer/token" }}
{{- end -}}
{{- if .Values.services.posture.enabled }}
{{- $_ := set $vars "APIGUARD_SECURITY_WORKLOADS_VIEWERS" (include "apiguard.serviceAccountId" (dict "root" . "component" "posture-service")) }}
{{- end -}}
{{- toJson $vars -}}
{{- end -}}

{{/*
The pod's projected tokens: its own identity toward the other apiguard apps (audience apiguard), and, for an in-cluster
issuer, an API-server token and the cluster CA to read the issuer's keys. Projected volumes work whether or not the
service account's token is automounted.
*/}}
{{- define "apiguard.workloadVolumes" -}}
- name: {{ .prefix }}token
  projected:
    sources:
      - serviceAccountToken: {audience: apiguard, expirationSeconds: {{ .root.Values.auth.workloads.tokenExpirationSeconds }}, path: token}
{{- if .root.Values.auth.workloads.inClusterIssuer }}
- name: {{ .prefix }}cluster-issuer
  projected:
    sources:
      # The API server's own audience: it serves /.well-known/openid-configuration and /openid/v1/jwks to service
      # accounts (system:service-account-issuer-discovery).
      - serviceAccountToken: {expirationSeconds: {{ .root.Values.auth.workloads.tokenExpirationSeconds }}, path: token}
      - configMap:
          name: kube-root-ca.crt
          items: [{key: ca.crt, path: ca.crt}]
{{- end }}
{{- end -}}

{{/* Mounts of apiguard.workloadVolumes; the paths are those apiguard.securityVars names. */}}
{{- define "apiguard.workloadVolumeMounts" -}}
- {name: {{ .prefix }}token, mountPath: /var/run/secrets/apiguard, readOnly: true}
{{- if .root.Values.auth.workloads.inClusterIssuer }}
- {name: {{ .prefix }}cluster-issuer, mountPath: /var/run/secrets/cluster-issuer, readOnly: true}
{{- end }}
{{- end -}}

{{/*
Kafka client settings of one service (dict root, name) that are not secret, as environment variables (a JSON
object); Quarkus maps KAFKA_* to kafka.* for every channel and the health check's admin client.
*/}}
{{- define "apiguard.kafkaVars" -}}
{{- $kafka := .root.Values.kafka -}}
{{- $vars := dict "KAFKA_BOOTSTRAP_SERVERS" $kafka.bootstrapServers "KAFKA_SECURITY_PROTOCOL" $kafka.security.protocol -}}
{{- if eq $kafka.authentication.type "scram-sha-512" }}
{{- $_ := set $vars "KAFKA_SASL_MECHANISM" "SCRAM-SHA-512" }}
{{- end -}}
{{- if and (has $kafka.security.protocol (list "SSL" "SASL_SSL")) $kafka.security.clusterCaSecret }}
{{- $_ := set $vars "KAFKA_SSL_TRUSTSTORE_TYPE" "PEM" }}
{{- $_ := set $vars "KAFKA_SSL_TRUSTSTORE_LOCATION" "/etc/apiguard/kafka/ca/ca.crt" }}
{{- end -}}
{{- if eq $kafka.authentication.type "tls" }}
{{- $_ := set $vars "KAFKA_SSL_KEYSTORE_TYPE" "PKCS12" }}
{{- $_ := set $vars "KAFKA_SSL_KEYSTORE_LOCATION" "/etc/apiguard/kafka/user/user.p12" }}
{{- end -}}
{{- toJson $vars -}}
{{- end -}}

{{/* The Kafka user's Secret of one service (dict root, name): Strimzi's KafkaUser convention, <prefix><name>. */}}
{{- define "apiguard.kafkaUserSecret" -}}
{{- printf "%s%s" .root.Values.kafka.authentication.userSecretPrefix .name -}}
{{- end -}}

{{/* The Kafka credentials of one service (dict root, name) as env entries, from its user's Secret. */}}
{{- define "apiguard.kafkaEnv" -}}
{{- $type := .root.Values.kafka.authentication.type -}}
{{- if eq $type "scram-sha-512" }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ include "apiguard.kafkaUserSecret" . }}, key: sasl.jaas.config}
{{- else if eq $type "tls" }}
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "apiguard.kafkaUserSecret" . }}, key: user.password}
{{- end }}
{{- end -}}

{{/* Volumes with the brokers' CA and, for mutual TLS, the user's keystore (dict root, name). */}}
{{- define "apiguard.kafkaVolumes" -}}
{{- $kafka := .root.Values.kafka -}}
{{- if and (has $kafka.security.protocol (list "SSL" "SASL_SSL")) $kafka.security.clusterCaSecret }}
- name: kafka-ca
  secret:
    secretName: {{ $kafka.security.clusterCaSecret }}
    items: [{key: {{ $kafka.security.clusterCaKey }}, path: ca.crt}]
{{- end }}
{{- if eq $kafka.authentication.type "tls" }}
- name: kafka-user
  secret:
    secretName: {{ include "apiguard.kafkaUserSecret" . }}
    items: [{key: user.p12, path: user.p12}]
{{- end }}
{{- end -}}

{{/* Mounts of apiguard.kafkaVolumes. */}}
{{- define "apiguard.kafkaVolumeMounts" -}}
{{- $kafka := .root.Values.kafka -}}
{{- if and (has $kafka.security.protocol (list "SSL" "SASL_SSL")) $kafka.security.clusterCaSecret }}
- {name: kafka-ca, mountPath: /etc/apiguard/kafka/ca, readOnly: true}
{{- end }}
{{- if eq $kafka.authentication.type "tls" }}
- {name: kafka-user, mountPath: /etc/apiguard/kafka/user, readOnly: true}
{{- end }}
{{- end -}}

{{/*
Whether the replicas of service .name elect a leader through a Lease: "true" or empty. Only discovery and enforcement
do; leaderElection.enabled "auto" turns it on for more than one replica.
*/}}
{{- define "apiguard.leaderElection" -}}
{{- $enabled := toString .root.Values.leaderElection.enabled -}}
{{- $svc := index .root.Values.services .name -}}
{{- if and (has .name (list "discovery" "enforcement")) (or (eq $enabled "true") (and (eq $enabled "auto") (gt (int $svc.replicas) 1))) -}}
true
{{- end -}}
{{- end -}}

{{/* Checks across values that values.schema.json cannot express. */}}
{{- define "apiguard.validate" -}}
{{- $signing := .Values.ruleSetSigning -}}
{{- if and .Values.services.enforcement.enabled $signing.publicKeys (not (hasKey $signing.publicKeys $signing.keyId)) }}
{{- fail (printf "ruleSetSigning.keyId %q names none of ruleSetSigning.publicKeys (%s): sidecars could not verify a single rule set" $signing.keyId (keys $signing.publicKeys | sortAlpha | join ", ")) }}
{{- end -}}
{{- end -}}

{{/*
The identity chain's settings (shared by logging-service and the sidecar) as environment variables, a JSON object.
Files come from identity.existingSecret, mounted at /etc/apiguard/identity.
*/}}
{{- define "apiguard.identityVars" -}}
{{- $id := .Values.identity -}}
{{- $vars := dict
    "APIGUARD_IDENTITY_DELEGATION_HEADER" $id.delegationHeader
    "APIGUARD_IDENTITY_API_KEY_HEADER" $id.apiKeyHeader
    "APIGUARD_IDENTITY_CLIENT_CERT_SUBJECT_HEADER" $id.clientCertSubjectHeader
    "APIGUARD_IDENTITY_UPSTREAM_USER_HEADER" $id.upstreamUserHeader
    "APIGUARD_IDENTITY_JWT_SUBJECT_CLAIM" $id.jwt.subjectClaim
    "APIGUARD_IDENTITY_JWT_DISPLAY_NAME_CLAIM" $id.jwt.displayNameClaim
    "APIGUARD_IDENTITY_JWT_ORGANISATION_CLAIM" $id.jwt.organisationClaim
    "APIGUARD_IDENTITY_JWT_ROLES_CLAIM" $id.jwt.rolesClaim -}}
{{- with $id.sharedAccounts }}{{ $_ := set $vars "APIGUARD_IDENTITY_SHARED_ACCOUNTS" (join "," .) }}{{ end -}}
{{- with $id.trustedProxies }}{{ $_ := set $vars "APIGUARD_IDENTITY_TRUSTED_PROXIES" (join "," .) }}{{ end -}}
{{- with $id.jwt.jwksUrl }}{{ $_ := set $vars "APIGUARD_IDENTITY_JWT_JWKS_URL" . }}{{ end -}}
{{- if not (or $id.jwt.jwksUrl (and $id.existingSecret $id.jwksKey) $id.allowUnverified) }}
{{- fail "identity.jwt.jwksUrl (or identity.existingSecret with identity.jwksKey) must name the keys the APIs' bearer tokens are signed with, or identity.allowUnverified must be true to record every bearer token as unverified" }}
{{- end -}}
{{- if $id.allowUnverified }}{{ $_ := set $vars "APIGUARD_IDENTITY_ALLOW_UNVERIFIED" "true" }}{{ end -}}
{{- if and $id.existingSecret $id.jwksKey }}
{{- $_ := set $vars "APIGUARD_IDENTITY_JWT_JWKS_FILE" (printf "/etc/apiguard/identity/%s" $id.jwksKey) }}
{{- end -}}
{{- if and $id.existingSecret $id.apiKeyOwnersKey }}
{{- $_ := set $vars "APIGUARD_IDENTITY_API_KEY_OWNERS_FILE" (printf "/etc/apiguard/identity/%s" $id.apiKeyOwnersKey) }}
{{- end -}}
{{- toJson $vars -}}
{{- end -}}
