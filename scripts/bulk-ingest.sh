#!/usr/bin/env bash
# Bulk ingest through the no-Docker local AWS mode (moto_server for S3, SQS and DynamoDB; a local OpenSearch
# node): N generated catalog photos stored in S3, their notifications through SQS to the ingest handler,
# then a reconcile check that uploaded = INDEXED records = index documents. Prints time and images/s.
#
#   ./scripts/bulk-ingest.sh [IMAGES]   # default 5000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
source scripts/python-env.sh
export AWS_EMF_ENVIRONMENT=${AWS_EMF_ENVIRONMENT:-Local} AWS_EMF_SERVICE_NAME=${AWS_EMF_SERVICE_NAME:-shoplens-local} AWS_EMF_SERVICE_TYPE=${AWS_EMF_SERVICE_TYPE:-Local}
images=${1:-5000}
./mvnw -B -q --no-transfer-progress -DskipTests -pl local-aws -am install
log=$(mktemp)
if ./mvnw -B --no-transfer-progress -pl local-aws surefire:test -Dtest=BulkIngestTest -Dbulk.images="$images" > "$log" 2>&1; then
  grep -E "^bulk ingest:" "$log"; rm -f "$log"
else
  grep -E "^bulk ingest:|FAIL|Expecting|expected" "$log" | head -20; echo "the bulk ingest failed; its whole log: $log" >&2; exit 1
fi
