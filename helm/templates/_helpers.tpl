{{/* Names ------------------------------------------------------------------ */}}

{{- define "myschool.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's resource prefix; 63 characters at most (DNS label), room left for suffixes. */}}
{{- define "myschool.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "myschool.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels ----------------------------------------------------------------- */}}

{{- define "myschool.selectorLabels" -}}
app.kubernetes.io/name: {{ include "myschool.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "myschool.labels" -}}
helm.sh/chart: {{ include "myschool.chart" . }}
{{ include "myschool.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: myschool-federation
{{- end }}

{{/* Labels of one component: call with (dict "root" $ "component" "web"). */}}
{{- define "myschool.componentLabels" -}}
{{ include "myschool.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "myschool.componentSelectorLabels" -}}
{{ include "myschool.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Wiring ----------------------------------------------------------------- */}}

{{- define "myschool.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion | toString }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- if eq $tag "latest" }}
{{- fail "image.tag: name a version; \"latest\" makes every rollout and rollback unpredictable" }}
{{- end }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "myschool.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "myschool.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "myschool.configMapName" -}}
{{ include "myschool.fullname" . }}-env
{{- end }}

{{- define "myschool.secretName" -}}
{{- if .Values.existingSecret }}
{{- .Values.existingSecret }}
{{- else }}
{{- include "myschool.fullname" . }}-secrets
{{- end }}
{{- end }}

{{/* Host names the app answers on: the federation, its regions, extra region domains. */}}
{{- define "myschool.allowedHosts" -}}
{{- $hosts := list .Values.baseDomain (printf ".%s" .Values.baseDomain) }}
{{- range .Values.ingress.extraHosts }}
{{- $hosts = append $hosts . }}
{{- end }}
{{- range .Values.config.extraAllowedHosts }}
{{- $hosts = append $hosts . }}
{{- end }}
{{- join "," (uniq $hosts) }}
{{- end }}

{{/* The non-secret environment (ConfigMap data), shared by the release and the migration hook. */}}
{{- define "myschool.configData" -}}
DJANGO_ENV: "production"
BASE_DOMAIN: {{ .Values.baseDomain | quote }}
ALLOWED_HOSTS: {{ include "myschool.allowedHosts" . | quote }}
PUBLIC_URL_SCHEME: {{ ternary "https" "http" .Values.config.https | quote }}
SECURE_SSL_REDIRECT: {{ ternary "true" "false" .Values.config.https | quote }}
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
LOG_FORMAT: {{ .Values.config.logFormat | quote }}
REGION_ROUTING_CACHE_SECONDS: {{ .Values.config.regionRoutingCacheSeconds | quote }}
MIGRATION_PROCESSES: {{ .Values.migrate.processes | quote }}
MEDIA_ROOT: {{ .Values.media.mountPath | quote }}
PROMETHEUS_MULTIPROC_DIR: "/tmp/prometheus"
{{- range $name, $value := .Values.config.extraEnv }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* The secret environment (Secret stringData); required unless existingSecret names one. */}}
{{- define "myschool.secretData" -}}
{{- $key := required "secrets.secretKey is required (or set existingSecret): 50+ random characters" .Values.secrets.secretKey }}
{{- if lt (len $key) 50 }}
{{- fail "secrets.secretKey must be at least 50 characters long" }}
{{- end }}
SECRET_KEY: {{ $key | quote }}
DATABASE_URL: {{ required "secrets.databaseUrl is required (or set existingSecret): postgres://user:password@host:5432/db" .Values.secrets.databaseUrl | quote }}
CELERY_BROKER_URL: {{ required "secrets.brokerUrl is required (or set existingSecret): amqp://user:password@host:5672/vhost" .Values.secrets.brokerUrl | quote }}
{{- with .Values.secrets.sessionDatabaseUrl }}
SESSION_DATABASE_URL: {{ . | quote }}
{{- end }}
METRICS_TOKEN: {{ required "secrets.metricsToken is required (or set existingSecret): the bearer token Prometheus sends to /metrics" .Values.secrets.metricsToken | quote }}
{{- end }}

{{- define "myschool.envFrom" -}}
- configMapRef:
    name: {{ .configMap }}
- secretRef:
    name: {{ .secret }}
{{- end }}

{{/* Security ------------------------------------------------------------- */}}

{{- define "myschool.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "myschool.containerSecurityContext" -}}
{{ toYaml .Values.securityContext }}
{{- end }}

{{/* Volumes: /tmp is the only writable place besides the media volume. */}}
{{- define "myschool.volumes" -}}
- name: tmp
  emptyDir:
    {{- with .root.Values.tmp.sizeLimit }}
    sizeLimit: {{ . }}
    {{- end }}
{{- if .media }}
- name: media
  {{- if .root.Values.media.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ .root.Values.media.persistence.existingClaim | default (printf "%s-media" (include "myschool.fullname" .root)) }}
  {{- else }}
  emptyDir: {}
  {{- end }}
{{- end }}
{{- end }}

{{- define "myschool.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .media }}
- name: media
  mountPath: {{ .root.Values.media.mountPath }}
{{- end }}
{{- end }}

{{/* Probes send the federation's host name: the kubelet would otherwise send the
     pod IP, which ALLOWED_HOSTS refuses, and say HTTPS so that the redirect to
     https (SECURE_SSL_REDIRECT) does not answer instead of the app. */}}
{{- define "myschool.probeHeaders" -}}
- name: Host
  value: {{ .Values.baseDomain | quote }}
- name: X-Forwarded-Proto
  value: https
{{- end }}

{{/* Scheduling knobs shared by every pod: call with (dict "root" $ "own" .Values.web). */}}
{{- define "myschool.scheduling" -}}
{{- with (.own.nodeSelector | default .root.Values.nodeSelector) }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with (.own.tolerations | default .root.Values.tolerations) }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with (.own.affinity | default .root.Values.affinity) }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
