package dev.shoplens.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shoplens.aws.LocalAws;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The local API Gateway throttles as the template configures the real one. */
class ThrottleTest {

    @Test
    void aBurstBeyondTheBucketIsRefusedAndTheBucketRefills() throws InterruptedException {
        Throttle throttle = new Throttle(10, 5);
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += throttle.admit() ? 1 : 0;
        }
        assertThat(admitted).as("the burst, and no more at once").isEqualTo(5);
        Thread.sleep(250); // 10 per second refill about 2 in a quarter second
        assertThat(throttle.admit()).isTrue();
    }

    @Test
    void theLimitsAreTheTemplates() throws Exception {
        JsonNode settings = new ObjectMapper(new YAMLFactory()).readTree(LocalAws.repositoryRoot()
                .resolve("template.yaml").toFile()).path("Resources").path("HttpApi").path("Properties")
                .path("DefaultRouteSettings");
        assertThat(settings.path("ThrottlingRateLimit").asInt()).isEqualTo(Throttle.RATE_PER_SECOND);
        assertThat(settings.path("ThrottlingBurstLimit").asInt()).isEqualTo(Throttle.BURST);
    }
}
