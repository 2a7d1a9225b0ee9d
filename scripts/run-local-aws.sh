#!/usr/bin/env bash
# The no-Docker local AWS mode: the three Lambda handlers in one JVM behind a local API Gateway and an SQS
# poller, on moto_server (S3, SQS, DynamoDB) and a local OpenSearch node, which this script starts.
# Usage: ./scripts/run-local-aws.sh           (API on http://127.0.0.1:3000; stop with Ctrl+C)
#        ./scripts/run-local-aws.sh redrive   (send the dead-letter queue's messages back to ingest)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
# Ingest's CloudWatch metrics (Powertools EMF) as log lines, as in Lambda, never to a CloudWatch agent
export AWS_EMF_ENVIRONMENT=${AWS_EMF_ENVIRONMENT:-Local} AWS_EMF_SERVICE_NAME=${AWS_EMF_SERVICE_NAME:-shoplens-local} AWS_EMF_SERVICE_TYPE=${AWS_EMF_SERVICE_TYPE:-Local}
scripts/services/moto.sh start 5000
scripts/services/opensearch.sh start 9200
./mvnw -B -q --no-transfer-progress -DskipTests -pl local-aws -am install
./mvnw -B -q --no-transfer-progress -pl local-aws dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -cp "local-aws/target/classes:$(cat local-aws/target/classpath.txt)" dev.shoplens.localaws.LocalAwsMain "$@"
