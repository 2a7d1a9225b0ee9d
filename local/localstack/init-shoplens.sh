#!/usr/bin/env bash
# LocalStack ready hook (mount into /etc/localstack/init/ready.d/): creates what template.yaml creates in
# AWS, for `sam local start-api` / `sam local invoke` with local/sam-local-env.json. The vectors live in an
# OpenSearch node on port 9200 (scripts/services/opensearch.sh start 9200), which LocalStack's OpenSearch
# Serverless emulation does not replace for k-NN.
set -euo pipefail
REGION=us-east-1
BUCKET=shoplens-local

awslocal sqs create-queue --queue-name shoplens-ingest-dlq --region "$REGION"
DLQ_ARN=$(awslocal sqs get-queue-attributes --queue-url http://localhost:4566/000000000000/shoplens-ingest-dlq \
  --attribute-names QueueArn --query Attributes.QueueArn --output text --region "$REGION")
awslocal sqs create-queue --queue-name shoplens-ingest --region "$REGION" \
  --attributes "{\"VisibilityTimeout\":\"180\",\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"$DLQ_ARN\\\",\\\"maxReceiveCount\\\":\\\"5\\\"}\"}"
QUEUE_ARN=$(awslocal sqs get-queue-attributes --queue-url http://localhost:4566/000000000000/shoplens-ingest \
  --attribute-names QueueArn --query Attributes.QueueArn --output text --region "$REGION")

awslocal s3 mb "s3://$BUCKET" --region "$REGION"
awslocal s3api put-bucket-lifecycle-configuration --bucket "$BUCKET" --lifecycle-configuration \
  '{"Rules":[{"ID":"expire-query-photos","Status":"Enabled","Filter":{"Prefix":"queries/"},"Expiration":{"Days":1}}]}'
awslocal s3api put-bucket-notification-configuration --bucket "$BUCKET" --notification-configuration \
  "{\"QueueConfigurations\":[{\"QueueArn\":\"$QUEUE_ARN\",\"Events\":[\"s3:ObjectCreated:*\",\"s3:ObjectRemoved:*\"],\"Filter\":{\"Key\":{\"FilterRules\":[{\"Name\":\"prefix\",\"Value\":\"catalog/\"}]}}}]}"

awslocal dynamodb create-table --table-name shoplens-products --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH --region "$REGION"
awslocal dynamodb create-table --table-name shoplens-image-records --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=key,AttributeType=S --key-schema AttributeName=key,KeyType=HASH --region "$REGION"

# Let the ingest function consume the queue as the template's SQS event does.
awslocal lambda create-event-source-mapping --function-name IngestFunction --batch-size 10 \
  --event-source-arn "$QUEUE_ARN" --function-response-types ReportBatchItemFailures --region "$REGION" || \
  echo "deploy the functions to LocalStack (samlocal deploy) to connect the queue to IngestFunction"

# The vector index template.yaml declares (VectorIndex), on the OpenSearch node beside LocalStack, with the
# lucene engine that sam-local-env.json names: the functions check it and ingest completes its mapping, as in AWS.
curl -fsS -X PUT "http://host.docker.internal:9200/shoplens-vectors-builtin-shopper-cnn-1-4-0" \
  -H 'Content-Type: application/json' \
  -d '{"settings":{"index":{"knn":true}},"mappings":{"properties":{"vector":{"type":"knn_vector","dimension":256,"method":{"name":"hnsw","engine":"lucene","space_type":"innerproduct","parameters":{"m":16,"ef_construction":128}}}}}}' \
  || echo "start OpenSearch first (scripts/services/opensearch.sh start 9200), then create the vector index as above"
