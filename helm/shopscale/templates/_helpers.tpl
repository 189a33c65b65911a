{{/*
Names. <fullname> is the release name when it contains the chart name, else <release>-<chart>; every object of a
service is <fullname>-<service name>, the service name being <key>-service (e.g. shopscale-gateway-service) unless
services.<key>.name says otherwise (the storefront: shopscale-storefront, image shopscale/storefront), which the alert
rules' job and container patterns (.*((gateway|user|inventory|order|payment)-service|storefront).*) match.
*/}}
{{- define "shopscale.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "shopscale.fullname" -}}
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

{{/* The service's own name, its module's and image's: "<key>-service" (e.g. "gateway-service") or services.<key>.name
(the storefront is not a *-service). Container name, app.kubernetes.io/name. Arg: dict "root" $ "key" "gateway". */}}
{{- define "shopscale.serviceName" -}}
{{- $svc := index .root.Values.services .key | default dict }}
{{- $svc.name | default (printf "%s-service" .key) }}
{{- end }}

{{/* Object name of a service: dict "root" $ "key" "gateway". */}}
{{- define "shopscale.componentFullname" -}}
{{- printf "%s-%s" (include "shopscale.fullname" .root) (include "shopscale.serviceName" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Whether a service verifies users' tokens (JWKS_URI, and so calls user-service's JWKS): every service but those
with services.<key>.jwks: false (the storefront forwards the shopper's token to the gateway, it verifies none). */}}
{{- define "shopscale.jwks" -}}
{{- if dig "jwks" true (index .root.Values.services .key | default dict) }}true{{ end }}
{{- end }}

{{- define "shopscale.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "shopscale.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Labels on every object of the release. */}}
{{- define "shopscale.labels" -}}
{{ include "shopscale.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "shopscale.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/part-of: {{ include "shopscale.name" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of a service's pods: dict "root" $ "key" "gateway". Never change them: selectors are immutable. */}}
{{- define "shopscale.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shopscale.serviceName" . }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* Labels of a service's objects: dict "root" $ "key" "gateway". */}}
{{- define "shopscale.componentLabels" -}}
{{ include "shopscale.commonLabels" .root }}
{{ include "shopscale.selectorLabels" . }}
app.kubernetes.io/component: {{ .key }}
{{- end }}

{{/* Labels every pod of the release has, whatever its service: what NetworkPolicies admit each other by. */}}
{{- define "shopscale.releasePodLabels" -}}
app.kubernetes.io/part-of: {{ include "shopscale.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "shopscale.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{/* Image of a service: dict "root" $ "key" "gateway". [registry/]repository/<service>:tag[@digest]; the registry is
image.registry, else global.imageRegistry (a parent chart's). */}}
{{- define "shopscale.image" -}}
{{- $image := .root.Values.image }}
{{- $registry := $image.registry | default (dig "imageRegistry" "" (.root.Values.global | default dict)) }}
{{- $repository := printf "%s/%s" $image.repository (include "shopscale.serviceName" .) }}
{{- if $registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $registry) $repository }}
{{- end }}
{{- printf "%s:%s" $repository (include "shopscale.imageTag" .root) }}
{{- with $image.digest }}@{{ . }}{{ end }}
{{- end }}

{{/* A service's settings merged over the global ones: dict "root" $ "svc" $svc "field" "autoscaling". */}}
{{- define "shopscale.merged" -}}
{{- $global := index .root.Values .field | default dict }}
{{- $own := index .svc .field | default dict }}
{{- toYaml (mergeOverwrite (deepCopy $global) (deepCopy $own)) }}
{{- end }}

{{/* Secret names. Fixed unless existingSecret is set, so Secrets made outside the chart (secrets.create=false) get
the names the Deployments read. */}}
{{/* Services that call a service (its <KEY>_SERVICE_URL): dict "root" $ "key" $key; user-service is called by
every service that verifies tokens (JWKS). A list as YAML. */}}
{{- define "shopscale.callers" -}}
{{- $callers := list }}
{{- range $key, $svc := .root.Values.services }}
{{- if and $svc.enabled (or (has $.key $svc.calls) (and (eq $.key "user") (include "shopscale.jwks" (dict "root" $.root "key" $key)))) }}
{{- $callers = append $callers $key }}
{{- end }}
{{- end }}
{{- toYaml $callers }}
{{- end }}

{{- define "shopscale.databaseSecretName" -}}
{{- if .svc.database.existingSecret }}
{{- .svc.database.existingSecret }}
{{- else }}
{{- printf "%s-db" (include "shopscale.componentFullname" .) }}
{{- end }}
{{- end }}

{{- define "shopscale.signingKeySecretName" -}}
{{- $key := .Values.services.user.signingKey }}
{{- if $key.existingSecret }}
{{- $key.existingSecret }}
{{- else }}
{{- printf "%s-signing-key" (include "shopscale.componentFullname" (dict "root" . "key" "user")) }}
{{- end }}
{{- end }}

{{/* Redis and Kafka logins (docs/deploy.md, "Credentials for Redis and Kafka"). "true" when the services log in to
Redis with redis.auth (not when redis.existingSecret holds a whole URL with its credentials): context the root. */}}
{{- define "shopscale.redisAuth" -}}
{{- if and .Values.redis.auth.enabled (not .Values.redis.existingSecret) }}true{{ end }}
{{- end }}

{{- define "shopscale.redisSecretName" -}}
{{- .Values.redis.auth.existingSecret | default (printf "%s-redis" (include "shopscale.fullname" .)) }}
{{- end }}

{{- define "shopscale.kafkaSecretName" -}}
{{- .Values.kafka.sasl.existingSecret | default (printf "%s-kafka" (include "shopscale.fullname" .)) }}
{{- end }}

{{/* Whether any enabled service uses a dependency: dict "root" $ "uses" "redis". */}}
{{- define "shopscale.anyUses" -}}
{{- range $key, $svc := .root.Values.services }}
{{- if and $svc.enabled (has $.uses $svc.uses) }}true{{ end }}
{{- end }}
{{- end }}

{{/*
A password for a chart-made Secret other than a database's, resolved like shopscale.databasePassword: the value
given; else the placeholder when secrets.allowPlaceholders; else what the Secret in the cluster holds; else the
render fails, saying what to set. Context: dict root, secret (its name), key, given, value (the values path),
existing (the values path of the existingSecret alternative), what (what it is).
*/}}
{{- define "shopscale.secretValue" -}}
{{- $given := .given | default "" -}}
{{- if and $given (ne $given "change-me") -}}
{{- $given -}}
{{- else if .root.Values.secrets.allowPlaceholders -}}
change-me
{{- else -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if and $existing (hasKey ($existing.data | default dict) .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else -}}
{{- fail (printf "%s is %s: set %s (--set %s=...), or %s, or secrets.create=false and make Secret %s yourself" .value (ternary "missing" "the placeholder \"change-me\"" (empty $given)) .what .value .existing .secret) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "shopscale.redisPassword" -}}
{{- include "shopscale.secretValue" (dict "root" . "secret" (include "shopscale.redisSecretName" .) "key" "password" "given" .Values.redis.auth.password "value" "redis.auth.password" "existing" "redis.auth.existingSecret" "what" (printf "the password of Redis user %s" (.Values.redis.auth.username | default "default"))) -}}
{{- end -}}

{{- define "shopscale.kafkaPassword" -}}
{{- include "shopscale.secretValue" (dict "root" . "secret" (include "shopscale.kafkaSecretName" .) "key" "password" "given" .Values.kafka.sasl.password "value" "kafka.sasl.password" "existing" "kafka.sasl.existingSecret" "what" (printf "the SCRAM password of Kafka user %s" .Values.kafka.sasl.username)) -}}
{{- end -}}

{{/* The CA volume of Redis or Kafka TLS, when one is given: dict "root" $ "of" "kafka". A volume as YAML, or nothing. */}}
{{- define "shopscale.caVolume" -}}
{{- $tls := (index .root.Values .of).tls }}
{{- if and $tls.enabled (or $tls.caSecret $tls.caConfigMap) }}
name: {{ .of }}-ca
{{- if $tls.caSecret }}
secret:
  secretName: {{ $tls.caSecret }}
{{- else }}
configMap:
  name: {{ $tls.caConfigMap }}
{{- end }}
  items:
    - key: {{ $tls.caKey }}
      path: {{ $tls.caKey }}
{{- end }}
{{- end }}

{{/* "true" when the Prometheus Operator's API is served by the cluster or listed in .Values.apiVersions. */}}
{{- define "shopscale.monitoringApi" -}}
{{- if and .Values.monitoring.enabled (or (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") (has "monitoring.coreos.com/v1" .Values.apiVersions)) -}}
true
{{- end }}
{{- end }}

{{/* The environment of a service that is not secret (its ConfigMap's data), as YAML with sorted keys: dict "root" $
"key" $key "svc" $svc. The names are the ones the services' application.yml read (docker-compose.yml and local-stack
pass the same); services.<key>.env adds to them or overrides them. */}}
{{- define "shopscale.configData" -}}
{{- $root := .root }}
{{- $values := $root.Values }}
{{- $svc := .svc }}
{{- $prefix := upper .key }}
{{- $user := include "shopscale.componentFullname" (dict "root" $root "key" "user") }}
{{- $data := dict
  "SPRING_PROFILES_ACTIVE" $values.springProfiles
  (printf "%s_PORT" $prefix) (toString $svc.port)
  "MANAGEMENT_SERVER_PORT" (toString $values.managementPort)
  "JDK_JAVA_OPTIONS" $values.javaOptions }}
{{- if include "shopscale.jwks" . }}
{{- $_ := set $data "JWKS_URI" (printf "http://%s:%v/.well-known/jwks.json" $user $values.services.user.port) }}
{{- end }}
{{- if and (has "redis" $svc.uses) (not $values.redis.existingSecret) }}
{{- $_ := set $data "REDIS_URL" $values.redis.url }}
{{- end }}
{{- if has "postgresql" $svc.uses }}
{{- $pg := $values.postgresql }}
{{- $_ := set $data (printf "%s_DB_URL" $prefix) (printf "jdbc:postgresql://%s:%v/%s%s" $pg.host $pg.port $svc.database.name $pg.parameters) }}
{{- $_ := set $data (printf "%s_DB_USER" $prefix) $svc.database.user }}
{{- if $pg.replicaHost }}
{{- $_ := set $data "SHOPSCALE_DATASOURCE_REPLICAS_0_URL" (printf "jdbc:postgresql://%s:%v/%s%s" $pg.replicaHost $pg.port $svc.database.name $pg.parameters) }}
{{- end }}
{{- end }}
{{- if has "redis" $svc.uses }}
{{- if and (include "shopscale.redisAuth" $root) $values.redis.auth.username }}
{{- $_ := set $data "SPRING_DATA_REDIS_USERNAME" $values.redis.auth.username }}
{{- end }}
{{- if $values.redis.tls.enabled }}
{{- $_ := set $data "SPRING_DATA_REDIS_SSL_ENABLED" "true" }}
{{- if include "shopscale.caVolume" (dict "root" $root "of" "redis") }}
{{- $_ := set $data "SPRING_DATA_REDIS_SSL_BUNDLE" "redis" }}
{{- $_ := set $data "SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE" (printf "file:/etc/shopscale/redis-ca/%s" $values.redis.tls.caKey) }}
{{- end }}
{{- end }}
{{- end }}
{{- if has "kafka" $svc.uses }}
{{- $kafka := $values.kafka }}
{{- $_ := set $data "SPRING_KAFKA_BOOTSTRAP_SERVERS" $kafka.bootstrapServers }}
{{- $_ := set $data "SPRING_KAFKA_SECURITY_PROTOCOL" (printf "%s%s" (ternary "SASL_" "" $kafka.sasl.enabled) (ternary "SSL" "PLAINTEXT" $kafka.tls.enabled)) }}
{{- if $kafka.sasl.enabled }}
{{- $_ := set $data "KAFKA_SASL_MECHANISM" $kafka.sasl.mechanism }}
{{- end }}
{{- if include "shopscale.caVolume" (dict "root" $root "of" "kafka") }}
{{- $_ := set $data "SPRING_KAFKA_SSL_BUNDLE" "kafka" }}
{{- $_ := set $data "SPRING_SSL_BUNDLE_PEM_KAFKA_TRUSTSTORE_CERTIFICATE" (printf "file:/etc/shopscale/kafka-ca/%s" $kafka.tls.caKey) }}
{{- end }}
{{- end }}
{{- range $other := $svc.calls }}
{{- $_ := set $data (printf "%s_SERVICE_URL" (upper $other)) (printf "http://%s:%v" (include "shopscale.componentFullname" (dict "root" $root "key" $other)) (index $values.services $other).port) }}
{{- end }}
{{- if eq .key "gateway" }}
{{- $_ := set $data "GATEWAY_TRUSTED_PROXIES" $svc.trustedProxies }}
{{- if $svc.corsAllowedOrigins }}
{{- $_ := set $data "CORS_ALLOWED_ORIGINS" $svc.corsAllowedOrigins }}
{{- end }}
{{- end }}
{{- if eq .key "storefront" }}
{{- /* the public API as every client sees it: through the gateway (calls: [gateway] gives GATEWAY_SERVICE_URL too) */}}
{{- $_ := set $data "SHOPSCALE_API_URL" (printf "http://%s:%v" (include "shopscale.componentFullname" (dict "root" $root "key" "gateway")) $values.services.gateway.port) }}
{{- /* empty: not set at all (an empty URL would still select the Prometheus source) */}}
{{- with $svc.console.prometheusUrl }}
{{- $_ := set $data "SHOPSCALE_CONSOLE_PROMETHEUSURL" . }}
{{- end }}
{{- end }}
{{- if eq .key "user" }}
{{- $_ := set $data "SHOPSCALE_USER_KEYS_0_PRIVATEKEY" "/etc/shopscale/keys/private-key.pem" }}
{{- end }}
{{- with $values.tracing.endpoint }}
{{- $_ := set $data "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT" . }}
{{- end }}
{{- with $values.tracing.samplingProbability }}
{{- $_ := set $data "MANAGEMENT_TRACING_SAMPLING_PROBABILITY" (toString .) }}
{{- end }}
{{- range $name, $value := $svc.env }}
{{- $_ := set $data $name (toString $value) }}
{{- end }}
{{- toYaml $data }}
{{- end }}

{{/*
A service's database password for its chart-made Secret: the value given; else the placeholder when
secrets.allowPlaceholders (an offline render: no cluster is asked); else the one the Secret in the cluster holds (so
an upgrade without the same --set values keeps it); else the render fails, saying what to set.
Context: dict root, key, svc.
*/}}
{{- define "shopscale.databasePassword" -}}
{{- $name := include "shopscale.databaseSecretName" . -}}
{{- $given := .svc.database.password | default "" -}}
{{- if and $given (ne $given "change-me") -}}
{{- $given -}}
{{- else if .root.Values.secrets.allowPlaceholders -}}
change-me
{{- else -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace $name -}}
{{- if and $existing (hasKey ($existing.data | default dict) "password") -}}
{{- index $existing.data "password" | b64dec -}}
{{- else -}}
{{- fail (printf "services.%s.database.password is %s: set the password of login %s (--set services.%s.database.password=...), or services.%s.database.existingSecret, or secrets.create=false and make Secret %s yourself" .key (ternary "missing" "the placeholder \"change-me\"" (empty $given)) .svc.database.user .key .key $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* user-service's signing key (PKCS#8 PEM), resolved like shopscale.databasePassword. Context: the root. */}}
{{- define "shopscale.signingKeyPem" -}}
{{- $key := .Values.services.user.signingKey.privateKey | default "" -}}
{{- if $key -}}
{{- $key -}}
{{- else if .Values.secrets.allowPlaceholders -}}
REPLACE-ME: set services.user.signingKey.privateKey (PKCS#8 PEM) or existingSecret
{{- else -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "shopscale.signingKeySecretName" .) -}}
{{- if and $existing (hasKey ($existing.data | default dict) "private-key.pem") -}}
{{- index $existing.data "private-key.pem" | b64dec -}}
{{- else -}}
{{- fail "services.user.signingKey.privateKey is missing: --set-file services.user.signingKey.privateKey=signing-key.pem (make one: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out signing-key.pem), or services.user.signingKey.existingSecret, or secrets.create=false and make the Secret yourself" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
What a service's chart-made Secrets hold, for the pods' checksum/secrets annotation. Placeholders count as nothing:
an offline render (k8s/) and a render with secrets.create=false (the overlays) then carry the same checksum.
Context: dict root, key, svc.
*/}}
{{- define "shopscale.secretData" -}}
{{- if .root.Values.secrets.create -}}
{{- if and (has "postgresql" .svc.uses) (not .svc.database.existingSecret) -}}
{{- $password := include "shopscale.databasePassword" . -}}
{{- if ne $password "change-me" -}}{{- $password -}}{{- end -}}
{{- end -}}
{{- if and (eq .key "user") (not .svc.signingKey.existingSecret) -}}
{{- $pem := include "shopscale.signingKeyPem" .root -}}
{{- if not (hasPrefix "REPLACE-ME:" $pem) -}}{{- .svc.signingKey.kid -}}{{- $pem -}}{{- end -}}
{{- end -}}
{{- if and (has "redis" .svc.uses) (include "shopscale.redisAuth" .root) (not .root.Values.redis.auth.existingSecret) -}}
{{- $password := include "shopscale.redisPassword" .root -}}
{{- if ne $password "change-me" -}}{{- $password -}}{{- end -}}
{{- end -}}
{{- if and (has "kafka" .svc.uses) .root.Values.kafka.sasl.enabled (not .root.Values.kafka.sasl.existingSecret) -}}
{{- $password := include "shopscale.kafkaPassword" .root -}}
{{- if ne $password "change-me" -}}{{- .root.Values.kafka.sasl.username -}}{{- $password -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The Redis exporter (redisExporter): its objects' name, its pods' selector labels, its objects' labels. */}}
{{- define "shopscale.redisExporterFullname" -}}
{{- printf "%s-redis-exporter" (include "shopscale.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "shopscale.redisExporterSelectorLabels" -}}
app.kubernetes.io/name: redis-exporter
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "shopscale.redisExporterLabels" -}}
{{ include "shopscale.commonLabels" . }}
{{ include "shopscale.redisExporterSelectorLabels" . }}
app.kubernetes.io/component: redis-exporter
{{- end }}

{{/* The exporter's image: [registry/]repository:tag[@digest], the registry chosen as for the services' images. */}}
{{- define "shopscale.redisExporterImage" -}}
{{- $image := .Values.redisExporter.image }}
{{- $registry := $image.registry | default (dig "imageRegistry" "" (.Values.global | default dict)) }}
{{- $repository := $image.repository }}
{{- if $registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $registry) $repository }}
{{- end }}
{{- printf "%s:%s" $repository $image.tag }}
{{- with $image.digest }}@{{ . }}{{ end }}
{{- end }}

{{/* Egress peers of PostgreSQL, Redis or Kafka: networkPolicy.<of>.cidrs as ipBlocks, then networkPolicy.<of>.to; the
render fails when both are empty (never any address). dict "root" $ "of" "redis". A list as YAML. */}}
{{- define "shopscale.dependencyPeers" -}}
{{- $rule := index .root.Values.networkPolicy .of }}
{{- $peers := list }}
{{- range $cidr := $rule.cidrs | default list }}
{{- $peers = append $peers (dict "ipBlock" (dict "cidr" $cidr)) }}
{{- end }}
{{- $peers = concat $peers ($rule.to | default list) }}
{{- if not $peers }}
{{- fail (printf "networkPolicy.%s allows no address: set networkPolicy.%s.cidrs to the address range of your %s (e.g. [10.20.0.0/24]) or networkPolicy.%s.to to peers (the default: [{podSelector: {}}], the release namespace's pods), or networkPolicy.enabled=false" .of .of .of .of) }}
{{- end }}
{{- toYaml $peers }}
{{- end }}
