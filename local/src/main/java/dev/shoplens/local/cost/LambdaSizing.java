package dev.shoplens.local.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A function's duration and cost at each memory size, from its work measured in process: Lambda gives a
 * function CPU in proportion to its memory (one vCPU at 1,769 MB, six at 10,240 MB), so the CPU part of an
 * operation stretches below that size and shrinks above it only as far as the work runs in parallel; the
 * waits on other services do not change with memory. Billed duration is rounded up to the millisecond.
 *
 * @param cpuMs       CPU time one operation needs (all threads of the process)
 * @param parallelism how many cores the operation keeps busy at once (CPU time over wall time, measured)
 * @param ioMs        time one operation waits on other services (S3, DynamoDB, OpenSearch), not measured here
 * @param perRequest  operations one invocation serves (ingest: the SQS batch), sharing its request price
 */
public record LambdaSizing(double cpuMs, double parallelism, double ioMs, int perRequest) {
    /** Lambda's memory for one full vCPU. */
    static final int MB_PER_VCPU = 1769;
    /** The sizes the table shows: Lambda's range from the smallest that holds the JVM and model. */
    public static final List<Integer> SIZES = List.of(512, 768, 1024, 1536, 1769, 2048, 3008, 4096);

    public enum Architecture {
        ARM64, X86_64
    }

    /** One memory size on one architecture. */
    public record Option(Architecture architecture, int memoryMb, double durationMs, double costPerThousand) {
    }

    public LambdaSizing {
        if (cpuMs <= 0 || parallelism < 1 || ioMs < 0 || perRequest < 1) {
            throw new IllegalArgumentException("cpu time must be positive, parallelism at least 1, waits not "
                    + "negative and operations per request at least 1");
        }
    }

    /** The vCPUs Lambda gives a function of this memory. */
    static double vcpus(int memoryMb) {
        return Math.min(6.0, memoryMb / (double) MB_PER_VCPU);
    }

    public double durationMs(int memoryMb) {
        return cpuMs / Math.min(vcpus(memoryMb), parallelism) + ioMs;
    }

    /**
     * The cost of 1,000 operations at this memory; the CPU speed of a vCPU is taken as this machine's on both
     * architectures (not measured on Graviton here).
     */
    public Option option(Architecture architecture, int memoryMb, Prices prices) {
        double duration = durationMs(memoryMb);
        double gbSecondPrice = architecture == Architecture.ARM64 ? prices.lambdaArmGbSecond() : prices.lambdaX86GbSecond();
        double compute = Math.ceil(duration) / 1000.0 * memoryMb / 1024.0 * gbSecondPrice;
        double request = prices.lambdaRequestsPerMillion() / 1_000_000 / perRequest;
        return new Option(architecture, memoryMb, duration, 1000 * (compute + request));
    }

    /** Every size at or above {@code floorMb}, on both architectures. */
    public List<Option> options(int floorMb, Prices prices) {
        List<Option> options = new ArrayList<>();
        for (Architecture architecture : Architecture.values()) {
            for (int size : SIZES) {
                if (size >= floorMb) {
                    options.add(option(architecture, size, prices));
                }
            }
        }
        return options;
    }

    /**
     * The cheapest option whose duration is at most {@code slowdown} times the fastest one's: 1.0 asks for
     * the fastest, a large value for the cheapest whatever the wait.
     */
    public static Option choose(List<Option> options, double slowdown) {
        double fastest = options.stream().mapToDouble(Option::durationMs).min().orElseThrow();
        return options.stream().filter(o -> o.durationMs() <= fastest * slowdown)
                .min(Comparator.comparingDouble(Option::costPerThousand).thenComparingInt(Option::memoryMb))
                .orElseThrow();
    }

    /**
     * The smallest size in {@link #SIZES} that holds a started function ({@code residentMb}) and the heap its
     * worst accepted input needs on top ({@code worstInputHeapMb}).
     */
    public static int floorMb(double residentMb, double worstInputHeapMb) {
        return SIZES.stream().filter(s -> s >= residentMb + worstInputHeapMb).findFirst().orElse(SIZES.getLast());
    }
}
