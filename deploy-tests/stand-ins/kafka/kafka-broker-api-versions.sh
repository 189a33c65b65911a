#!/usr/bin/env bash
# As Kafka's bin/kafka-broker-api-versions.sh: the tool's class on the libs, with KAFKA_HEAP_OPTS.
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp '/opt/kafka/libs/*' \
  org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
