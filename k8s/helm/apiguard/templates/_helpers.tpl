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
      {{- include "apiguard.sidecar" (dict "root" $ "upstreamPort" 8080) | nindent 6 }}

    volumes:
      - {name: apiguard-sidecar-tmp, emptyDir: {}}

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
  livenessProbe:
    httpGet: {path: /q/health/live, port: apiguard-admin}
  readinessProbe:
    httpGet: {path: /q/health/ready, port: apiguard-admin}
  resources: {{- toYaml .root.Values.sidecar.resources | nindent 4 }}
  securityContext: {{- include "apiguard.containerSecurityContext" . | nindent 4 }}
  volumeMounts:
    - {name: apiguard-sidecar-tmp, mountPath: /tmp}
{{- end -}}
