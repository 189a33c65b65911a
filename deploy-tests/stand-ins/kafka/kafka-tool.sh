#!/usr/bin/env bash
# As Kafka's bin/kafka-*.sh scripts: one tool's class on the libs, with KAFKA_HEAP_OPTS. Installed under each script
# name the compose file uses (Dockerfile); the name picks the class.
# shellcheck disable=SC2086
case "$(basename "$0")" in
  kafka-broker-api-versions.sh) class=org.apache.kafka.tools.BrokerApiVersionsCommand ;;
  kafka-storage.sh) class=kafka.tools.StorageTool ;;
  kafka-topics.sh) class=org.apache.kafka.tools.TopicCommand ;;
  kafka-configs.sh) class=kafka.admin.ConfigCommand ;;
  *) echo "stand-in: no tool $(basename "$0")" >&2; exit 2 ;;
esac
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp '/opt/kafka/libs/*' "$class" "$@"
