package dev.shoplens.local.cost;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostModelTest {
    private final Prices prices = Prices.usEast1();
    private final CostModel model = new CostModel(prices);

    private static CostModel.Load load(CostModel.Profile profile, long images, long perMonth, long searches) {
        return new CostModel.Load(profile, images, perMonth, searches, 300 * 1024, 256, 2048, 34, 2048, 40, 10);
    }

    @Test
    void thePricesCarryTheirDateAndSources() {
        assertThat(prices.lookedUp()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(prices.sources()).contains("aws.amazon.com");
        assertThat(prices.opensearchOcuHour()).isPositive();
    }

    @Test
    void anEmptyStackCostsItsCollectionsIdleFloor() {
        CostModel.Estimate dev = model.estimate(load(CostModel.Profile.DEV, 0, 0, 0));
        assertThat(dev.total()).isCloseTo(1.0 * 730 * prices.opensearchOcuHour(), within(1e-9));
        assertThat(dev.idleDollars()).isEqualTo(dev.total());
        CostModel.Estimate prod = model.estimate(load(CostModel.Profile.PROD, 0, 0, 0));
        assertThat(prod.total()).isCloseTo(2 * dev.total(), within(1e-9)); // the standby copies
    }

    @Test
    void aSearchCostsItsRequestsItsFunctionTimeAndAPageOfProducts() {
        CostModel.Load l = load(CostModel.Profile.DEV, 10_000, 0, 1_000_000);
        double expected = prices.httpApiRequestsPerMillion() / 1e6 + prices.lambdaRequestsPerMillion() / 1e6
                + 0.040 * 2.0 * prices.lambdaArmGbSecond() + 10 * 0.5 * prices.dynamoDbReadsPerMillion() / 1e6;
        assertThat(model.searchCostPerSearch(l)).isCloseTo(expected, within(1e-15));
        CostModel.Estimate e = model.estimate(l);
        assertThat(e.per1000Searches()).isCloseTo(expected * 1000, within(1e-12));
        double searchLine = e.lines().stream().filter(x -> x.item().startsWith("Search")).findFirst().orElseThrow().dollars();
        assertThat(searchLine).isCloseTo(expected * 1_000_000, within(1e-6));
        // twice the searches, twice the search line; the floor does not move
        CostModel.Estimate twice = model.estimate(load(CostModel.Profile.DEV, 10_000, 0, 2_000_000));
        assertThat(twice.total() - e.total()).isCloseTo(searchLine, within(1e-6));
        assertThat(twice.idleDollars()).isEqualTo(e.idleDollars());
    }

    @Test
    void storageGrowsWithTheCatalogAndIndexingWithTheImagesAdded() {
        CostModel.Estimate small = model.estimate(load(CostModel.Profile.DEV, 1_000, 1_000, 0));
        CostModel.Estimate big = model.estimate(load(CostModel.Profile.DEV, 1_000_000, 1_000, 0));
        assertThat(big.idleDollars()).isGreaterThan(small.idleDollars());
        assertThat(big.per1000Images()).isEqualTo(small.per1000Images());
        assertThat(small.per1000Images()).isGreaterThan(prices.s3PutPerThousand()); // the PUT plus everything else
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> load(CostModel.Profile.DEV, -1, 0, 0)).hasMessageContaining("must not be negative");
    }
}
