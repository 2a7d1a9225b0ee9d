package dev.shoplens.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shoplens.aws.LocalAws;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The local gateway applies the CORS rules template.yaml gives both API endpoints for the page's origins. */
class GatewayCorsTest {
    @Test
    void theTemplatesCorsRulesAreTheOnesThisGatewayApplies() throws Exception {
        JsonNode resources = new YAMLMapper().readTree(LocalAws.repositoryRoot().resolve("template.yaml").toFile()).path("Resources");
        LocalApiGateway.Cors local = LocalApiGateway.Cors.forPages(Set.of("https://shop.example.com"));
        ObjectMapper json = new ObjectMapper();
        for (JsonNode cors : List.of(resources.path("HttpApi").path("Properties").path("CorsConfiguration"),
                resources.path("CognitoApi").path("Properties").path("CorsConfiguration"))) {
            // !If [HasPageOrigins, rules, NoValue]: the YAML reader keeps the list
            JsonNode rules = cors.get(1);
            assertThat(json.convertValue(rules.path("AllowHeaders"), List.class)).isEqualTo(local.allowHeaders());
            assertThat(json.convertValue(rules.path("AllowMethods"), List.class)).isEqualTo(local.allowMethods());
            assertThat(rules.path("MaxAge").asInt()).isEqualTo(local.maxAgeSeconds());
        }
    }
}
