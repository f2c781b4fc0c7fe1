{{- define "durascale-pipeline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's base name, short enough that "<base>-<component>" stays within 63 characters. */}}
{{- define "durascale-pipeline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 53 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 53 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 53 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "<fullname>-<component>"; call with (dict "root" $ "component" "taskhub"). */}}
{{- define "durascale-pipeline.componentName" -}}
{{- printf "%s-%s" (include "durascale-pipeline.fullname" .root) .component }}
{{- end }}

{{- define "durascale-pipeline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "durascale-pipeline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "durascale-pipeline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "durascale-pipeline.selectorLabels" . }}
app.kubernetes.io/part-of: durascale
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "durascale-pipeline.storageSecretName" -}}
{{- if .Values.storage.connectionString }}
{{- include "durascale-pipeline.componentName" (dict "root" . "component" "storage") }}
{{- else }}
{{- .Values.storage.existingSecret }}
{{- end }}
{{- end }}

{{- define "durascale-pipeline.hostKeySecretName" -}}
{{- if .Values.hostKey.value }}
{{- include "durascale-pipeline.componentName" (dict "root" . "component" "host-key") }}
{{- else }}
{{- .Values.hostKey.existingSecret }}
{{- end }}
{{- end }}

{{/* "host:port" of the task hub Service, which the API and the bridge dial. */}}
{{- define "durascale-pipeline.taskhubAddress" -}}
{{- printf "%s:%d" (include "durascale-pipeline.componentName" (dict "root" . "component" "taskhub")) (int .Values.taskhub.port) }}
{{- end }}

{{/* The orchestration tier's maxReplicaCount: the value, else one host per partition. */}}
{{- define "durascale-pipeline.taskhubMaxReplicas" -}}
{{- $max := .Values.taskhub.autoscaling.maxReplicaCount }}
{{- if $max }}{{ int $max }}{{ else }}{{ int .Values.partitions }}{{ end }}
{{- end }}

{{/* Fails the render with one sentence naming the value to fix. */}}
{{- define "durascale-pipeline.validate" -}}
{{- $v := .Values }}
{{- if and (not $v.storage.existingSecret) (not $v.storage.connectionString) }}
{{- fail "set storage.existingSecret (a Secret with the connection string) or storage.connectionString: the task hub, API and bridge need the storage account" }}
{{- end }}
{{- if and (not $v.hostKey.existingSecret) (not $v.hostKey.value) }}
{{- fail "set hostKey.existingSecret (a Secret with the API's host key) or hostKey.value: management requests must present the host key" }}
{{- end }}
{{- if not (regexMatch "^[A-Za-z][A-Za-z0-9]{2,44}$" (toString $v.hubName)) }}
{{- fail (printf "hubName must be 3-45 letters or digits starting with a letter, got %v" $v.hubName) }}
{{- end }}
{{- if or (lt (int $v.partitions) 1) (gt (int $v.partitions) 16) }}
{{- fail (printf "partitions must be 1-16 (the task hub's control queues), got %v" $v.partitions) }}
{{- end }}
{{- $queueName := "^[a-z0-9]+(-[a-z0-9]+)*$" }}
{{- $jobs := toString $v.jobsQueue }}
{{- if or (lt (len $jobs) 3) (gt (len $jobs) 56) (not (regexMatch $queueName $jobs)) (hasSuffix "-poison" $jobs) }}
{{- fail (printf "jobsQueue must be 3-56 lower-case letters, digits and single dashes, not ending in -poison (Azure appends -poison for its poison queue), got %v" $v.jobsQueue) }}
{{- end }}
{{- $completions := toString $v.completionsQueue }}
{{- if or (lt (len $completions) 3) (gt (len $completions) 63) (not (regexMatch $queueName $completions)) }}
{{- fail (printf "completionsQueue must be 3-63 lower-case letters, digits and single dashes, got %v" $v.completionsQueue) }}
{{- end }}
{{- if or (eq $completions $jobs) (eq $completions (printf "%s-poison" $jobs)) }}
{{- fail (printf "completionsQueue (%v) must differ from jobsQueue and its poison queue, or the bridge and the workers take each other's messages" $v.completionsQueue) }}
{{- end }}
{{- if ne (toString $v.outputContainer) "compute-output" }}
{{- fail (printf "outputContainer must be compute-output, got %v: the BatchCompute jobs name compute-output as their output container and the task hub has no option to change it" $v.outputContainer) }}
{{- end }}
{{- if and (not $v.taskhub.autoscaling.enabled) (lt (int $v.taskhub.replicas) 1) }}
{{- fail (printf "taskhub.replicas must be at least 1, got %v: without taskhub.autoscaling nothing runs the orchestrations" $v.taskhub.replicas) }}
{{- end }}
{{- if or (lt (int $v.taskhub.scaleInGraceSeconds) 0) (ge (int $v.taskhub.scaleInGraceSeconds) (int $v.taskhub.terminationGracePeriodSeconds)) }}
{{- fail (printf "taskhub.scaleInGraceSeconds must be 0 or more and under terminationGracePeriodSeconds (%v), got %v: the host must hand its work back before the kubelet kills it" $v.taskhub.terminationGracePeriodSeconds $v.taskhub.scaleInGraceSeconds) }}
{{- end }}
{{- $ta := $v.taskhub.autoscaling }}
{{- if $ta.enabled }}
{{- if not $v.scaler.enabled }}
{{- fail "taskhub.autoscaling.enabled needs scaler.enabled: KEDA asks the task-hub scaler when to run the orchestration tier" }}
{{- end }}
{{- $max := int (include "durascale-pipeline.taskhubMaxReplicas" .) }}
{{- if or (lt (int $ta.minReplicaCount) 0) (lt $max 1) (gt (int $ta.minReplicaCount) $max) }}
{{- fail (printf "taskhub.autoscaling needs 0 <= minReplicaCount <= maxReplicaCount and maxReplicaCount >= 1, got %v and %v" $ta.minReplicaCount $max) }}
{{- end }}
{{- if or (lt (int $ta.pollingInterval) 1) (gt (int $ta.pollingInterval) 86400) }}
{{- fail (printf "taskhub.autoscaling.pollingInterval must be 1-86400 seconds, got %v" $ta.pollingInterval) }}
{{- end }}
{{- if lt (int $ta.cooldownPeriod) 0 }}
{{- fail (printf "taskhub.autoscaling.cooldownPeriod must be 0 or more seconds, got %v" $ta.cooldownPeriod) }}
{{- end }}
{{- range $name := list "maxActivitiesPerWorker" "maxOrchestrationsPerWorker" }}
{{- if lt (int (index $ta $name)) 1 }}
{{- fail (printf "taskhub.autoscaling.%s must be at least 1, got %v" $name (index $ta $name)) }}
{{- end }}
{{- end }}
{{- end }}
{{- $ba := $v.bridge.autoscaling }}
{{- if and $ba.enabled (not $v.bridge.blobEvents) }}
{{- if or (lt (int $ba.minReplicaCount) 0) (lt (int $ba.maxReplicaCount) 1) (gt (int $ba.minReplicaCount) (int $ba.maxReplicaCount)) }}
{{- fail (printf "bridge.autoscaling needs 0 <= minReplicaCount <= maxReplicaCount and maxReplicaCount >= 1, got %v and %v" $ba.minReplicaCount $ba.maxReplicaCount) }}
{{- end }}
{{- if lt (int $ba.pollingInterval) 1 }}
{{- fail (printf "bridge.autoscaling.pollingInterval must be at least 1 second, got %v" $ba.pollingInterval) }}
{{- end }}
{{- if lt (int $ba.cooldownPeriod) 0 }}
{{- fail (printf "bridge.autoscaling.cooldownPeriod must be 0 or more seconds, got %v" $ba.cooldownPeriod) }}
{{- end }}
{{- if lt (int $ba.queueLength) 1 }}
{{- fail (printf "bridge.autoscaling.queueLength must be at least 1, got %v" $ba.queueLength) }}
{{- end }}
{{- end }}
{{- if lt (int $v.taskhub.orchestrations) 1 }}
{{- fail (printf "taskhub.orchestrations must be at least 1, got %v: nothing else runs the BatchCompute orchestrations" $v.taskhub.orchestrations) }}
{{- end }}
{{- if or (lt (int $v.taskhub.leaseDurationSeconds) 15) (gt (int $v.taskhub.leaseDurationSeconds) 60) }}
{{- fail (printf "taskhub.leaseDurationSeconds must be 15-60 (Azure blob leases), got %v" $v.taskhub.leaseDurationSeconds) }}
{{- end }}
{{- range $name, $port := dict "taskhub.port" $v.taskhub.port "taskhub.metricsPort" $v.taskhub.metricsPort "api.port" $v.api.port "api.service.port" $v.api.service.port "scaler.port" $v.scaler.port "scaler.metricsPort" $v.scaler.metricsPort }}
{{- if or (lt (int $port) 1) (gt (int $port) 65535) }}
{{- fail (printf "%s must be a port 1-65535, got %v" $name $port) }}
{{- end }}
{{- end }}
{{- if eq (int $v.taskhub.port) (int $v.taskhub.metricsPort) }}
{{- fail (printf "taskhub.port and taskhub.metricsPort must differ, both are %v" $v.taskhub.port) }}
{{- end }}
{{- if eq (int $v.scaler.port) (int $v.scaler.metricsPort) }}
{{- fail (printf "scaler.port and scaler.metricsPort must differ, both are %v" $v.scaler.port) }}
{{- end }}
{{- if and $v.bridge.blobEvents (ne (int $v.bridge.replicas) 1) }}
{{- fail (printf "bridge.replicas must be 1 when bridge.blobEvents is true, got %v: each watching bridge would announce every blob again" $v.bridge.replicas) }}
{{- end }}
{{- if and $v.hostKey.value (lt (len (toString $v.hostKey.value)) 16) }}
{{- fail "hostKey.value must have at least 16 characters (the API refuses a shorter host key)" }}
{{- end }}
{{- end }}

{{/* Pod metadata; call with (dict "root" $ "component" "api" "scrapePort" 9465-or-nil). */}}
{{- define "durascale-pipeline.podMetadata" -}}
{{- $annotations := dict }}
{{- if and .scrapePort .root.Values.metrics.scrapeAnnotations }}
{{- $_ := set $annotations "prometheus.io/scrape" "true" }}
{{- $_ := set $annotations "prometheus.io/port" (.scrapePort | int | toString) }}
{{- $_ := set $annotations "prometheus.io/path" "/metrics" }}
{{- end }}
{{- $annotations = merge (deepCopy .root.Values.podAnnotations) $annotations }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
labels:
  {{- include "durascale-pipeline.labels" . | nindent 2 }}
  {{- with .root.Values.podLabels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{/* Pod-level fields every piece shares; call with (dict "root" $ "grace" seconds). */}}
{{- define "durascale-pipeline.podCommon" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
# No service-link variables: the pieces are configured by their arguments alone.
enableServiceLinks: false
terminationGracePeriodSeconds: {{ int .grace }}
{{- with .root.Values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir: {}
{{- with .root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Container fields every piece shares; call with (dict "root" $ "piece" .Values.api). */}}
{{- define "durascale-pipeline.containerCommon" -}}
image: "{{ .root.Values.image.repository }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}"
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
{{- with .piece.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
# gRPC's Netty unpacks its native transport into /tmp; the root filesystem is read-only.
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}

{{/* The environment every piece shares; call with (dict "root" $ "piece" .Values.api). */}}
{{- define "durascale-pipeline.env" -}}
- name: AZURE_STORAGE_CONNECTION_STRING
  valueFrom:
    secretKeyRef:
      name: {{ include "durascale-pipeline.storageSecretName" .root }}
      key: {{ .root.Values.storage.secretKey }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .piece.javaOptions | quote }}
{{- end }}

{{/* The /healthz probes; call with (dict "root" $ "port" "http"). */}}
{{- define "durascale-pipeline.probes" -}}
{{- $probes := .root.Values.probes }}
startupProbe:
  httpGet:
    path: /healthz
    port: {{ .port }}
  {{- toYaml $probes.startup | nindent 2 }}
livenessProbe:
  httpGet:
    path: /healthz
    port: {{ .port }}
  {{- toYaml $probes.liveness | nindent 2 }}
readinessProbe:
  httpGet:
    path: /healthz
    port: {{ .port }}
  {{- toYaml $probes.readiness | nindent 2 }}
{{- end }}
