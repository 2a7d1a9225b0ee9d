package dev.shoplens.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml holds what the deployment needs, with the safety settings this product promises
 * (cfn-lint checks the template's validity in scripts/test.sh); and every sample event is used by a test.
 * CloudFormation's short tags (!Ref, !Sub...) read as plain values here, which is enough for these checks.
 */
class DeploymentFilesTest {
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static JsonNode resources;
    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
        resources = template.path("Resources");
    }

    private static List<String> ofType(String type) {
        List<String> out = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    private static JsonNode props(String id) {
        return resources.path(id).path("Properties");
    }

    @Test
    void javaFunctionsOnArm64WithSnapStartAndHandlersThatExist() {
        JsonNode globals = template.path("Globals").path("Function");
        assertThat(globals.path("Runtime").asText()).isEqualTo("java21");
        assertThat(globals.path("Architectures").get(0).asText()).isEqualTo("arm64");
        assertThat(globals.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(globals.path("AutoPublishAlias").asText()).isNotBlank();
        assertThat(ofType("AWS::Serverless::Function")).containsExactlyInAnyOrder("IngestFunction", "SearchFunction",
                "UploadsFunction", "ReconcileFunction", "CatalogFunction");
        assertThat(props("ReconcileFunction").path("Events").path("Daily").path("Properties")
                .path("ScheduleExpression").asText()).isEqualTo("rate(1 day)");
        for (String function : ofType("AWS::Serverless::Function")) {
            Path code = ROOT.resolve(props(function).path("CodeUri").asText());
            assertThat(code.resolve("pom.xml")).as("%s's CodeUri holds a Maven module", function).exists();
            String handlerClass = props(function).path("Handler").asText().split("::")[0];
            assertThat(code.resolve("src/main/java/" + handlerClass.replace('.', '/') + ".java"))
                    .as("%s's handler", function).exists();
            assertThat(props(function).path("LoggingConfig").path("LogGroup").asText()).isNotBlank();
        }
    }

    @Test
    void layersAreBuiltWhereTheTemplateSays() throws IOException {
        assertThat(ofType("AWS::Serverless::LayerVersion")).containsExactlyInAnyOrder("ModelLayer", "RuntimeLayer");
        for (String layer : ofType("AWS::Serverless::LayerVersion")) {
            Path dir = ROOT.resolve(props(layer).path("ContentUri").asText());
            assertThat(resources.path(layer).path("Metadata").path("BuildMethod").asText()).isEqualTo("makefile");
            assertThat(Files.readString(dir.resolve("Makefile"))).as("%s's Makefile", layer).contains("build-" + layer + ":");
        }
    }

    @Test
    void theBucketIsPrivateTlsOnlyExpiresQueryPhotosAndNotifiesTheQueue() {
        JsonNode bucket = props("ImageBucket");
        JsonNode block = bucket.path("PublicAccessBlockConfiguration");
        assertThat(List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"))
                .allSatisfy(setting -> assertThat(block.path(setting).asBoolean()).as(setting).isTrue());
        JsonNode rule = bucket.path("LifecycleConfiguration").path("Rules").get(0);
        assertThat(rule.path("Prefix").asText()).isEqualTo("queries/");
        assertThat(rule.path("ExpirationInDays").asInt()).isEqualTo(1);
        // !If [UseEventBridge, EventBridge on, S3 notifications to the queue] (the YAML reader drops the tag)
        JsonNode choice = bucket.path("NotificationConfiguration");
        assertThat(choice.get(0).asText()).isEqualTo("UseEventBridge");
        assertThat(choice.get(1).path("EventBridgeConfiguration").path("EventBridgeEnabled").asBoolean()).isTrue();
        JsonNode notifications = choice.get(2).path("QueueConfigurations");
        assertThat(notifications.findValuesAsText("Event")).containsExactlyInAnyOrder("s3:ObjectCreated:*",
                "s3:ObjectRemoved:*");
        assertThat(notifications.findValuesAsText("Value")).containsOnly("catalog/");
        JsonNode tls = props("ImageBucketPolicy").path("PolicyDocument").path("Statement").get(0);
        assertThat(tls.path("Effect").asText()).isEqualTo("Deny");
        assertThat(tls.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
    }

    @Test
    void theThrottleAndConcurrencyAgreeWithTheMeasuredLatency() {
        double measuredP99Seconds = 0.3; // README "Reliability": the search path's p99 on the load test
        int rate = props("HttpApi").path("DefaultRouteSettings").path("ThrottlingRateLimit").asInt();
        int reserved = props("SearchFunction").path("ReservedConcurrentExecutions").asInt();
        assertThat(reserved).as("searches in flight at the throttle's rate").isGreaterThanOrEqualTo(
                (int) Math.ceil(rate * measuredP99Seconds));
        assertThat(props("IngestFunction").path("Events").path("CatalogImages").path("Properties").path("ScalingConfig")
                .path("MaximumConcurrency").asInt()).isBetween(2, 50);
    }

    @Test
    void searchAndIngestHaveTheMemoryTheLambdaSizingChose() {
        // README "Lambda sizing" (bench): search the cheapest size within 10 % of the fastest, ingest the cheapest
        assertThat(props("SearchFunction").path("MemorySize").asInt()).isEqualTo(3008);
        assertThat(props("IngestFunction").path("MemorySize").asInt()).isEqualTo(768);
        assertThat(template.path("Globals").path("Function").path("Architectures").get(0).asText())
                .as("arm64: the same measured work at a fifth less per GB-second").isEqualTo("arm64");
    }

    @Test
    void catalogEventsMayComeThroughEventBridgeToTheSameQueue() {
        assertThat(template.path("Parameters").path("CatalogEvents").path("AllowedValues").toString())
                .contains("S3Notifications", "EventBridge");
        JsonNode rule = resources.path("CatalogEventsRule");
        assertThat(rule.path("Condition").asText()).isEqualTo("UseEventBridge");
        JsonNode pattern = rule.path("Properties").path("EventPattern");
        assertThat(pattern.path("detail-type").toString()).contains("Object Created", "Object Deleted");
        assertThat(pattern.path("detail").path("object").path("key").toString()).contains("catalog/");
        assertThat(rule.path("Properties").path("Targets").findValuesAsText("Arn")).isNotEmpty();
        assertThat(props("IngestQueuePolicy").toString()).contains("events.amazonaws.com");
    }

    @Test
    void failedImagesGoToADeadLetterQueueAndABadImageDoesNotFailItsBatch() {
        assertThat(props("IngestQueue").path("RedrivePolicy").path("maxReceiveCount").asInt()).isBetween(1, 10);
        JsonNode sqs = props("IngestFunction").path("Events").path("CatalogImages").path("Properties");
        assertThat(sqs.path("FunctionResponseTypes").get(0).asText()).isEqualTo("ReportBatchItemFailures");
        assertThat(props("IngestQueue").path("VisibilityTimeout").asInt())
                .as("visibility timeout covers six function timeouts").isGreaterThanOrEqualTo(6 * 30);
    }

    @Test
    void tablesAreOnDemandWithPointInTimeRecovery() {
        assertThat(ofType("AWS::DynamoDB::Table")).containsExactlyInAnyOrder("ProductsTable", "ImageRecordsTable");
        for (String table : ofType("AWS::DynamoDB::Table")) {
            assertThat(props(table).path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(props(table).path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void theVectorCollectionHasItsPoliciesScopedToTheFunctionsRoles() throws IOException {
        assertThat(props("VectorCollection").path("Type").asText()).isEqualTo("VECTORSEARCH");
        List<String> policyTypes = new ArrayList<>();
        ofType("AWS::OpenSearchServerless::SecurityPolicy").forEach(p -> policyTypes.add(props(p).path("Type").asText()));
        assertThat(policyTypes).containsExactlyInAnyOrder("encryption", "network");
        Map<String, Set<String>> permissions = dataAccessPermissions();
        assertThat(permissions.keySet()).containsExactlyInAnyOrder("${DeployerArn}", "${IngestRole}",
                "${SearchRole}", "${ReindexRole}", "${CatalogRole}");
        // merchants' edits rewrite existing vectors, and touch no index's settings
        assertThat(permissions.get("${CatalogRole}")).containsExactlyInAnyOrder("aoss:DescribeIndex",
                "aoss:ReadDocument", "aoss:WriteDocument");
        // The template declares the index: no function creates one, and search only reads.
        assertThat(permissions.get("${SearchRole}")).containsExactlyInAnyOrder("aoss:DescribeIndex", "aoss:ReadDocument");
        assertThat(permissions.get("${IngestRole}")).contains("aoss:WriteDocument", "aoss:UpdateIndex")
                .doesNotContain("aoss:CreateIndex", "aoss:DeleteIndex");
        assertThat(permissions.get("${ReindexRole}")).contains("aoss:CreateIndex", "aoss:DeleteIndex", "aoss:WriteDocument");
        assertThat(permissions.get("${DeployerArn}")).containsExactlyInAnyOrder("aoss:CreateIndex", "aoss:DescribeIndex");
        assertThat(resources.path("ReindexRole").path("Properties").path("AssumeRolePolicyDocument").toString())
                .contains("DeployerArn");
    }

    /** The collection's data access policy: each principal (as the template names it) and its permissions. */
    private static Map<String, Set<String>> dataAccessPermissions() throws IOException {
        // !Sub [policy, variables]: the YAML reader keeps the list
        JsonNode rules = new ObjectMapper().readTree(props("VectorDataAccessPolicy").path("Policy").get(0).asText());
        Map<String, Set<String>> permissions = new TreeMap<>();
        for (JsonNode statement : rules) {
            for (JsonNode principal : statement.path("Principal")) {
                Set<String> granted = permissions.computeIfAbsent(principal.asText(), k -> new TreeSet<>());
                statement.path("Rules").forEach(rule -> rule.path("Permission").forEach(x -> granted.add(x.asText())));
            }
        }
        return permissions;
    }

    @Test
    void theTemplateDeclaresTheBuiltInModelsIndexAndTheFunctionsWaitForIt() throws IOException {
        JsonNode parameters = template.path("Parameters");
        JsonNode manifest = new ObjectMapper().readTree(ROOT.resolve("layers/model/builtin/manifest.json").toFile());
        String model = manifest.path("name").asText() + "@" + manifest.path("version").asText();
        JsonNode index = resources.path("VectorIndex");
        assertThat(index.path("Type").asText()).isEqualTo("AWS::OpenSearchServerless::Index");
        assertThat(index.path("DeletionPolicy").asText()).as("the catalog's vectors outlive the stack").isEqualTo("Retain");
        assertThat(index.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        String name = index.path("Properties").path("IndexName").asText()
                .replace("${VectorIndexName}", parameters.path("VectorIndexName").path("Default").asText())
                .replace("${ModelSlug}", parameters.path("ModelSlug").path("Default").asText());
        assertThat(name).as("the name the functions open for the built-in model")
                .isEqualTo(OpenSearchVectorIndex.indexName(parameters.path("VectorIndexName").path("Default").asText(),
                        model));
        assertThat(parameters.path("ModelDimension").path("Default").asInt())
                .isEqualTo(manifest.path("outputDimension").asInt());
        JsonNode vector = index.path("Properties").path("Mappings").path("Properties").path("vector");
        assertThat(vector.path("Method").path("Engine").asText()).as("the functions' KNN_ENGINE")
                .isEqualTo(template.path("Globals").path("Function").path("Environment").path("Variables")
                        .path("KNN_ENGINE").asText());
        for (String function : List.of("IngestFunction", "SearchFunction", "ReconcileFunction", "CatalogFunction")) {
            assertThat(resources.path(function).path("DependsOn").asText()).as(function).isEqualTo("VectorIndex");
        }
        // sam local with LocalStack: its ready hook declares the same index on the OpenSearch node beside it
        assertThat(Files.readString(ROOT.resolve("local/localstack/init-shoplens.sh")))
                .contains("/" + name + "\"").contains("\"dimension\":" + manifest.path("outputDimension").asInt());
    }

    @Test
    void noRoleGrantsWildcardActionsOrResources() {
        assertThat(ofType("AWS::IAM::Role")).as("each function, and the re-index job, has a role of its own")
                .containsExactlyInAnyOrder("IngestFunctionRole", "SearchFunctionRole", "UploadsFunctionRole",
                        "ReindexRole", "CatalogFunctionRole");
        for (String role : ofType("AWS::IAM::Role")) {
            List<JsonNode> statements = props(role).path("Policies").findValues("Statement");
            assertThat(statements).as("%s's inline policies, which this test reads", role).isNotEmpty();
            for (JsonNode statement : statements) {
                assertThat(statement.size()).as("%s's statements", role).isPositive();
                for (JsonNode s : statement) {
                    List<String> actions = new ArrayList<>();
                    s.path("Action").forEach(a -> actions.add(a.asText()));
                    if (s.path("Action").isTextual()) {
                        actions.add(s.path("Action").asText());
                    }
                    assertThat(actions).as("%s %s", role, s.path("Sid").asText())
                            .noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                    assertThat(s.path("Resource").asText()).as("%s %s resource", role, s.path("Sid").asText())
                            .isNotEqualTo("*");
                }
            }
        }
    }

    @Test
    void theApiSignsRequestsAndIsThrottled() {
        JsonNode api = props("HttpApi");
        assertThat(api.path("Auth").path("DefaultAuthorizer").asText()).isEqualTo("AWS_IAM");
        assertThat(api.path("DefaultRouteSettings").path("ThrottlingRateLimit").asInt()).isPositive();
    }

    /** The routes API Gateway sends to the functions ("POST /search"). */
    private static java.util.Set<String> httpApiRoutes() {
        java.util.Set<String> routes = new java.util.TreeSet<>();
        for (String function : ofType("AWS::Serverless::Function")) {
            props(function).path("Events").forEach(e -> {
                if (e.path("Type").asText().equals("HttpApi")) {
                    routes.add(e.path("Properties").path("Method").asText() + " " + e.path("Properties").path("Path")
                            .asText().replace("+}", "}")); // a greedy {key+} is the document's {key}
                }
            });
        }
        return routes;
    }

    @Test
    void theApiGatewayRoutesAreTheOnesOpenApiDocumentsForAws() {
        assertThat(httpApiRoutes()).isEqualTo(ApiContract.documented("aws"));
    }

    @Test
    void anOptionalCognitoEndpointServesTheSameRoutesBehindAJwtAuthorizer() {
        java.util.Set<String> iamRoutes = httpApiRoutes();
        java.util.Set<String> cognitoRoutes = new java.util.TreeSet<>();
        for (String route : ofType("AWS::ApiGatewayV2::Route")) {
            JsonNode p = props(route);
            assertThat(p.path("AuthorizationType").asText()).as(route).isEqualTo("JWT");
            assertThat(p.path("AuthorizerId").asText()).as(route).isEqualTo("CognitoAuthorizer");
            cognitoRoutes.add(p.path("RouteKey").asText().replace("+}", "}"));
        }
        assertThat(cognitoRoutes).isEqualTo(iamRoutes).contains("POST /search", "POST /uploads");
        resources.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("Cognito")) {
                assertThat(e.getValue().path("Condition").asText()).as(e.getKey()).isEqualTo("UseCognito");
            }
        });
        JsonNode jwt = props("CognitoAuthorizer").path("JwtConfiguration");
        assertThat(jwt.path("Issuer").asText()).contains("cognito-idp").contains("${CognitoUserPoolId}");
        assertThat(jwt.path("Audience").asText()).isEqualTo("CognitoAppClientIds");
        assertThat(template.path("Conditions").has("UseCognito")).isTrue();
        assertThat(template.path("Outputs").path("CognitoApiUrl").path("Condition").asText()).isEqualTo("UseCognito");
        assertThat(template.path("Globals").path("Function").path("Environment").path("Variables").path("MERCHANT_GROUP")
                .asText()).isEqualTo("MerchantGroup");
    }

    @Test
    void alarmsWatchTheDeadLetterQueueErrorsAndThrottles() {
        List<String> metrics = new ArrayList<>();
        ofType("AWS::CloudWatch::Alarm").forEach(a -> metrics.add(props(a).path("MetricName").asText()));
        assertThat(metrics).contains("ApproximateNumberOfMessagesVisible", "Errors", "Throttles", "ImagesFailed");
        assertThat(props("ImagesFailedAlarm").path("Namespace").asText()).isEqualTo("ShopLens");
        assertThat(template.path("Outputs").fieldNames()).toIterable()
                .contains("ApiUrl", "ImageBucketName", "CollectionEndpoint");
    }

    /** A profile sets redundancy and caps capacity, so the smallest stack cannot run up a large bill. */
    @Test
    void theCollectionsRedundancyAndCapacityFollowTheProfile() {
        JsonNode parameters = template.path("Parameters");
        assertThat(parameters.path("Profile").path("Default").asText()).isEqualTo("dev");
        assertThat(parameters.path("Profile").path("AllowedValues")).extracting(JsonNode::asText).containsExactly("dev", "prod");
        JsonNode profiles = template.path("Mappings").path("ProfileSettings");
        assertThat(profiles.path("dev").path("StandbyReplicas").asText()).isEqualTo("DISABLED");
        assertThat(profiles.path("prod").path("StandbyReplicas").asText()).isEqualTo("ENABLED");
        assertThat(ofType("AWS::OpenSearchServerless::CollectionGroup")).containsExactly("VectorCollectionGroup");
        JsonNode group = props("VectorCollectionGroup");
        JsonNode limits = group.path("CapacityLimits");
        // dev: 1 OCU each; prod: the parameters
        assertThat(limits.path("MaxIndexingCapacityInOcu").toString()).contains("IsProd").contains("MaxIndexingOcu").contains("1");
        assertThat(limits.path("MaxSearchCapacityInOcu").toString()).contains("IsProd").contains("MaxSearchOcu").contains("1");
        assertThat(group.path("StandbyReplicas").toString()).contains("ProfileSettings");
        JsonNode collection = props("VectorCollection");
        assertThat(collection.path("StandbyReplicas").toString()).isEqualTo(group.path("StandbyReplicas").toString());
        assertThat(collection.path("CollectionGroupName").asText()).isEqualTo(group.path("Name").asText());
        assertThat(collection.path("VectorOptions").path("ServerlessVectorAcceleration").asText()).isEqualTo("VectorAcceleration");
        assertThat(parameters.path("VectorAcceleration").path("Default").asText()).isEqualTo("ALLOWED");
    }

    /** The dashboard shows the metrics the code emits, under the names and dimensions it emits them with. */
    @Test
    void theOperationsDashboardChartsTheMetricsTheFunctionsEmit() throws IOException {
        assertThat(ofType("AWS::CloudWatch::Dashboard")).containsExactly("OperationsDashboard");
        JsonNode sub = props("OperationsDashboard").path("DashboardBody");
        String body = sub.isArray() ? sub.get(0).asText() : sub.asText();
        // ${...} are CloudFormation's substitutions; with them filled in, the body is JSON
        JsonNode widgets = new ObjectMapper().readTree(body.replaceAll("\\$\\{[^}]+}", "x")).path("widgets");
        assertThat(widgets.size()).isGreaterThanOrEqualTo(5);
        assertThat(body).contains("\"ImagesIndexed\"", "\"ImagesFailed\"", "\"ImagesRetried\"", "\"Latency\"",
                "\"ModelTime\"", "\"IndexTime\"", "\"Requests\"", "\"ClientErrors\"", "\"ServerErrors\"",
                "\"POST:/search\"", "ApproximateAgeOfOldestMessage");
        JsonNode environment = template.path("Globals").path("Function").path("Environment").path("Variables");
        assertThat(environment.path("POWERTOOLS_METRICS_NAMESPACE").asText()).isEqualTo("ShopLens");
        assertThat(environment.path("POWERTOOLS_SERVICE_NAME").asText()).isNotBlank();
        assertThat(template.path("Globals").path("Function").path("Tracing").asText()).isEqualTo("Active");
        assertThat(template.path("Outputs").has("DashboardUrl")).isTrue();
    }

    @Test
    void everySampleEventIsUsedByATest() throws IOException {
        StringBuilder tests = new StringBuilder();
        try (Stream<Path> sources = Files.walk(ROOT.resolve("functions"))) {
            for (Path p : sources.filter(f -> f.toString().contains("/src/test/") && f.toString().endsWith(".java")).toList()) {
                tests.append(Files.readString(p));
            }
        }
        try (Stream<Path> events = Files.list(ROOT.resolve("events"))) {
            List<String> names = events.map(e -> e.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();
            assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(tests.toString()).as("a test reads events/%s", n)
                    .contains("\"" + n + "\""));
        }
    }
}
