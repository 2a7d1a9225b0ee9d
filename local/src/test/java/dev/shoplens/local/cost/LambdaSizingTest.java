package dev.shoplens.local.cost;

import dev.shoplens.local.cost.LambdaSizing.Architecture;
import dev.shoplens.local.cost.LambdaSizing.Option;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LambdaSizingTest {
    private final Prices prices = Prices.usEast1();

    @Test
    void cpuWorkStretchesBelowOneVcpuAndShrinksAboveOnlyAsFarAsItRunsInParallel() {
        LambdaSizing serial = new LambdaSizing(100, 1, 20, 1);
        assertThat(serial.durationMs(1769)).isCloseTo(120, within(1e-9));
        assertThat(serial.durationMs(1769 / 2)).isCloseTo(220, within(0.2));
        assertThat(serial.durationMs(4096)).as("one thread gains nothing past one vCPU").isCloseTo(120, within(1e-9));
        LambdaSizing twoThreads = new LambdaSizing(100, 2, 20, 1);
        assertThat(twoThreads.durationMs(2 * 1769)).isCloseTo(70, within(1e-9));
        assertThat(twoThreads.durationMs(10_240)).isCloseTo(70, within(1e-9));
    }

    @Test
    void costIsBilledDurationTimesMemoryTimesTheArchitecturesPricePlusTheRequestShare() {
        Option arm = new LambdaSizing(80, 1, 19.5, 1).option(Architecture.ARM64, 1024, prices);
        // 1024 MB is 0.579 vCPU: 80 / 0.579 + 19.5 = 157.7 ms, billed 158 ms
        double expected = 1000 * (0.158 * 1.0 * prices.lambdaArmGbSecond() + prices.lambdaRequestsPerMillion() / 1e6);
        assertThat(arm.costPerThousand()).isCloseTo(expected, within(1e-12));
        Option x86 = new LambdaSizing(80, 1, 19.5, 1).option(Architecture.X86_64, 1024, prices);
        assertThat(x86.costPerThousand()).isGreaterThan(arm.costPerThousand());
        Option batched = new LambdaSizing(80, 1, 19.5, 10).option(Architecture.ARM64, 1024, prices);
        assertThat(arm.costPerThousand() - batched.costPerThousand())
                .isCloseTo(0.9 * prices.lambdaRequestsPerMillion() / 1000, within(1e-12));
    }

    @Test
    void searchTakesTheCheapestSizeNearTheFastestAndIngestTheCheapest() {
        LambdaSizing search = new LambdaSizing(60, 1.3, 25, 1);
        var options = search.options(512, prices);
        Option fastest = options.stream().min((a, b) -> Double.compare(a.durationMs(), b.durationMs())).orElseThrow();
        Option chosen = LambdaSizing.choose(options, 1.10);
        assertThat(chosen.durationMs()).isLessThanOrEqualTo(fastest.durationMs() * 1.10);
        assertThat(options).filteredOn(o -> o.durationMs() <= fastest.durationMs() * 1.10)
                .allSatisfy(o -> assertThat(o.costPerThousand()).isGreaterThanOrEqualTo(chosen.costPerThousand()));
        assertThat(chosen.architecture()).isEqualTo(Architecture.ARM64);
        Option cheapest = LambdaSizing.choose(options, Double.MAX_VALUE);
        assertThat(options).allSatisfy(o -> assertThat(o.costPerThousand())
                .isGreaterThanOrEqualTo(cheapest.costPerThousand()));
        assertThat(cheapest.durationMs()).isGreaterThan(chosen.durationMs());
    }

    @Test
    void theFloorHoldsTheStartedFunctionAndItsWorstInput() {
        assertThat(LambdaSizing.floorMb(100, 384)).isEqualTo(512);
        assertThat(LambdaSizing.floorMb(162, 384)).isEqualTo(768);
        assertThat(LambdaSizing.floorMb(5000, 384)).as("past the table: its largest").isEqualTo(4096);
        assertThat(new LambdaSizing(10, 1, 0, 1).options(768, prices)).allSatisfy(o ->
                assertThat(o.memoryMb()).isGreaterThanOrEqualTo(768));
        assertThatThrownBy(() -> new LambdaSizing(0, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
