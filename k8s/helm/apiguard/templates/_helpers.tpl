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

and point the Service at port "apiguard-proxy" (8090) instead of the API container's port.
*/}}
{{- define "apiguard.sidecar" -}}
- name: apiguard-sidecar
  image: {{ include "apiguard.image" (dict "root" .root "image" .root.Values.sidecar.image) }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  ports:
    - {name: apiguard-proxy, containerPort: {{ .root.Values.sidecar.proxyPort }}}
    - {name: apiguard-admin, containerPort: {{ .root.Values.sidecar.adminPort }}}
  env:
    - {name: QUARKUS_HTTP_PORT, value: {{ .root.Values.sidecar.adminPort | quote }}}
    - {name: APIGUARD_SIDECAR_PROXY_PORT, value: {{ .root.Values.sidecar.proxyPort | quote }}}
    - {name: APIGUARD_SIDECAR_UPSTREAM, value: {{ printf "http://127.0.0.1:%v" .upstreamPort | quote }}}
    - {name: QUARKUS_REST_CLIENT_LOGGING_URL, value: {{ printf "http://%s.%s:8080" (include "apiguard.fullname" (dict "root" .root "component" "logging-service")) .root.Release.Namespace | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_ENABLED, value: {{ .root.Values.sidecar.capture.enabled | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_QUEUE_CAPACITY, value: {{ .root.Values.sidecar.capture.queueCapacity | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_BATCH_SIZE, value: {{ .root.Values.sidecar.capture.batchSize | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_FLUSH_INTERVAL, value: {{ .root.Values.sidecar.capture.flushInterval | quote }}}
    - {name: APIGUARD_SIDECAR_CAPTURE_MAX_IN_FLIGHT, value: {{ .root.Values.sidecar.capture.maxInFlight | quote }}}
    - name: APIGUARD_SIDECAR_CAPTURE_POD
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: APIGUARD_SIDECAR_CAPTURE_NAMESPACE
      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    {{- with .service }}
    - {name: APIGUARD_SIDECAR_CAPTURE_SERVICE, value: {{ . | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_SERVICE, value: {{ . | quote }}}
    {{- end }}
    - {name: QUARKUS_REST_CLIENT_ENFORCEMENT_URL, value: {{ printf "http://%s.%s:8080" (include "apiguard.fullname" (dict "root" .root "component" "enforcement-service")) .root.Release.Namespace | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_ENABLED, value: {{ .root.Values.sidecar.enforcement.enabled | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_MODE, value: {{ .root.Values.sidecar.enforcement.mode | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_FAIL_MODE, value: {{ .root.Values.sidecar.enforcement.failMode | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_PULL_INTERVAL, value: {{ .root.Values.sidecar.enforcement.pullInterval | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_HEARTBEAT_INTERVAL, value: {{ .root.Values.sidecar.enforcement.heartbeatInterval | quote }}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_STATE_FILE, value: /tmp/apiguard-rules.json}
    - name: APIGUARD_SIDECAR_ENFORCEMENT_SECRET
      valueFrom: {secretKeyRef: {name: {{ .root.Values.ruleSetSecret.existingSecret }}, key: {{ .root.Values.ruleSetSecret.key }}, optional: true}}
    - name: APIGUARD_SIDECAR_ENFORCEMENT_NAMESPACE
      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    - name: APIGUARD_SIDECAR_ENFORCEMENT_POD
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: APIGUARD_POD_IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
    - {name: APIGUARD_SIDECAR_ENFORCEMENT_ADMIN_URL, value: {{ printf "http://$(APIGUARD_POD_IP):%v" .root.Values.sidecar.adminPort | quote }}}
    {{- range $name, $value := include "apiguard.identityVars" .root | fromJson }}
    - {name: {{ $name }}, value: {{ $value | quote }}}
    {{- end }}
  livenessProbe:
    httpGet: {path: /q/health/live, port: apiguard-admin}
  readinessProbe:
    httpGet: {path: /q/health/ready, port: apiguard-admin}
  resources: {{- toYaml .root.Values.sidecar.resources | nindent 4 }}
  securityContext: {{- include "apiguard.containerSecurityContext" . | nindent 4 }}
  volumeMounts:
    - {name: apiguard-sidecar-tmp, mountPath: /tmp}
    {{- if .root.Values.identity.existingSecret }}
    - {name: apiguard-identity, mountPath: /etc/apiguard/identity, readOnly: true}
    {{- end }}
{{- end -}}

{{/* The volumes the sidecar container mounts; add them to the pod's volumes. */}}
{{- define "apiguard.sidecarVolumes" -}}
- {name: apiguard-sidecar-tmp, emptyDir: {}}
{{- with .root.Values.identity.existingSecret }}
- {name: apiguard-identity, secret: {secretName: {{ . }}}}
{{- end }}
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
{{- if and $id.existingSecret $id.jwksKey }}
{{- $_ := set $vars "APIGUARD_IDENTITY_JWT_JWKS_FILE" (printf "/etc/apiguard/identity/%s" $id.jwksKey) }}
{{- end -}}
{{- if and $id.existingSecret $id.apiKeyOwnersKey }}
{{- $_ := set $vars "APIGUARD_IDENTITY_API_KEY_OWNERS_FILE" (printf "/etc/apiguard/identity/%s" $id.apiKeyOwnersKey) }}
{{- end -}}
{{- toJson $vars -}}
{{- end -}}
