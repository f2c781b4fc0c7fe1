{{- define "durascale-worker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "durascale-worker.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "durascale-worker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "durascale-worker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "durascale-worker.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "durascale-worker.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: worker
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "durascale-worker.secretName" -}}
{{- if .Values.storage.connectionString }}
{{- include "durascale-worker.fullname" . }}
{{- else }}
{{- .Values.storage.existingSecret }}
{{- end }}
{{- end }}

{{/* Fails the render with one sentence naming the value to fix. */}}
{{- define "durascale-worker.validate" -}}
{{- if not (has .Values.mode (list "scaledObject" "scaledJob")) }}
{{- fail (printf "mode must be scaledObject or scaledJob, got %v" .Values.mode) }}
{{- end }}
{{- if and (not .Values.storage.existingSecret) (not .Values.storage.connectionString) }}
{{- fail "set storage.existingSecret (a Secret with the connection string) or storage.connectionString: the worker and KEDA need the storage account" }}
{{- end }}
{{- if le (int .Values.terminationGracePeriodSeconds) (int .Values.worker.drainGraceSeconds) }}
{{- fail (printf "terminationGracePeriodSeconds (%v) must exceed worker.drainGraceSeconds (%v), or pods are killed before their jobs finish" .Values.terminationGracePeriodSeconds .Values.worker.drainGraceSeconds) }}
{{- end }}
{{- if not (has .Values.keda.queueLengthStrategy (list "all" "visibleonly")) }}
{{- fail (printf "keda.queueLengthStrategy must be all or visibleonly, got %v" .Values.keda.queueLengthStrategy) }}
{{- end }}
{{- if gt (int .Values.keda.minReplicaCount) (int .Values.keda.maxReplicaCount) }}
{{- fail (printf "keda.minReplicaCount (%v) must not exceed keda.maxReplicaCount (%v)" .Values.keda.minReplicaCount .Values.keda.maxReplicaCount) }}
{{- end }}
{{- if lt (int .Values.keda.queueLength) 1 }}
{{- fail "keda.queueLength must be at least 1" }}
{{- end }}
{{- end }}

{{/* The azure-queue trigger, shared by the ScaledObject and the ScaledJob. */}}
{{- define "durascale-worker.trigger" -}}
- type: azure-queue
  metadata:
    queueName: {{ .Values.worker.queue | quote }}
    queueLength: {{ .Values.keda.queueLength | toString | quote }}
    activationQueueLength: {{ .Values.keda.activationQueueLength | toString | quote }}
    queueLengthStrategy: {{ .Values.keda.queueLengthStrategy | quote }}
  authenticationRef:
    name: {{ include "durascale-worker.fullname" . }}
{{- end }}

{{- define "durascale-worker.podMetadata" -}}
{{- $annotations := dict }}
{{- if .Values.metrics.scrapeAnnotations }}
{{- $_ := set $annotations "prometheus.io/scrape" "true" }}
{{- $_ := set $annotations "prometheus.io/port" (.Values.worker.httpPort | toString) }}
{{- $_ := set $annotations "prometheus.io/path" "/metrics" }}
{{- end }}
{{- $annotations = merge (deepCopy .Values.podAnnotations) $annotations }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
labels:
  {{- include "durascale-worker.labels" . | nindent 2 }}
  {{- with .Values.podLabels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{/* The pod spec; the ScaledJob variant exits when idle, never restarts, and has no readiness probe. */}}
{{- define "durascale-worker.podSpec" -}}
{{- $job := eq .Values.mode "scaledJob" }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if $job }}
restartPolicy: Never
{{- end }}
terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
{{- with .Values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
containers:
  - name: worker
    image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    args:
      - run
      - --queue={{ .Values.worker.queue }}
      - --concurrency={{ .Values.worker.concurrency }}
      - --visibility-timeout={{ .Values.worker.visibilityTimeoutSeconds }}s
      - --max-dequeue-count={{ .Values.worker.maxDequeueCount }}
      - --drain-grace={{ .Values.worker.drainGraceSeconds }}s
      - --http-port={{ .Values.worker.httpPort }}
      {{- if $job }}
      - --exit-when-idle={{ .Values.worker.exitWhenIdleSeconds }}s
      {{- end }}
      {{- range .Values.worker.extraArgs }}
      - {{ . | quote }}
      {{- end }}
    env:
      - name: AZURE_STORAGE_CONNECTION_STRING
        valueFrom:
          secretKeyRef:
            name: {{ include "durascale-worker.secretName" . }}
            key: {{ .Values.storage.secretKey }}
      - name: JAVA_TOOL_OPTIONS
        value: {{ .Values.worker.javaOptions | quote }}
      {{- with .Values.worker.extraEnv }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    ports:
      - name: http
        containerPort: {{ .Values.worker.httpPort }}
        protocol: TCP
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
      {{- toYaml .Values.probes.liveness | nindent 6 }}
    {{- if not $job }}
    readinessProbe:
      httpGet:
        path: /readyz
        port: http
      {{- toYaml .Values.probes.readiness | nindent 6 }}
    {{- end }}
    {{- with .Values.resources }}
    resources:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with .Values.securityContext }}
    securityContext:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir: {}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
