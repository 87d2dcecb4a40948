{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "sightline.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every resource: the release name, plus the chart name when it is not in it. */}}
{{- define "sightline.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sightline.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: sightline
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Labels of the release-wide resources. */}}
{{- define "sightline.labels" -}}
{{ include "sightline.commonLabels" . }}
app.kubernetes.io/name: {{ include "sightline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one service; call with (dict "root" $ "service" "detect"). */}}
{{- define "sightline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sightline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* Labels of one service's resources; call like sightline.selectorLabels. */}}
{{- define "sightline.serviceLabels" -}}
{{ include "sightline.commonLabels" .root }}
{{ include "sightline.selectorLabels" . }}
{{- end -}}

{{/* Name of one service's resources, e.g. sightline-detect. */}}
{{- define "sightline.serviceName" -}}
{{- printf "%s-%s" (include "sightline.fullname" .root) .service -}}
{{- end -}}

{{- define "sightline.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The consumer group of a service: the config default sightline.<service>. */}}
{{- define "sightline.consumerGroup" -}}
{{- printf "sightline.%s" . -}}
{{- end -}}

{{/* The generated topic data (tools/k8s/generate-chart-files.ts). */}}
{{- define "sightline.topicData" -}}
{{- .Files.Get "files/topics.generated.json" -}}
{{- end -}}

{{- define "sightline.kafkaNamespace" -}}
{{- default .Release.Namespace .Values.kafka.namespace -}}
{{- end -}}
