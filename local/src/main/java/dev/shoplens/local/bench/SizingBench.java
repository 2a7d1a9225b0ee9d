package dev.shoplens.local.bench;

import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.cost.LambdaSizing;
import dev.shoplens.local.cost.LambdaSizing.Option;
import dev.shoplens.local.cost.Prices;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Lambda memory and architecture for search and ingest, from their CPU work measured here (process CPU time,
 * every thread) scaled by the CPU Lambda gives each memory size, plus the waits on AWS services, which one
 * machine cannot measure and the report names as assumptions. Search takes the cheapest size within 10 % of
 * the fastest (a shopper waits for it); ingest the cheapest (the queue waits for it).
 */
final class SizingBench {
    /** Searches within this factor of the fastest size's duration qualify. */
    static final double SEARCH_SLOWDOWN = 1.10;
    /**
     * The heap the hostile corpus needs beside a started process (README "Reliability": it holds under
     * -Xmx384m), which a function must have room for on top of its resident memory.
     */
    static final double WORST_INPUT_HEAP_MB = 384;
    private static final int RUNS = 40;

    private SizingBench() {
    }

    /** One operation's measured CPU time and how many cores it kept busy. */
    record Work(double cpuMs, double parallelism) {
    }

    static void run(Report report, LocalApplication app, List<byte[]> catalogImages, int side, double residentMb,
                    double searchIoMs, double ingestIoMs, int ingestBatch) {
        Prices prices = Prices.usEast1();
        report.section(String.format(Locale.ROOT, "Lambda sizing: measured CPU work at each memory size (prices of "
                + "%s, %s)", prices.region(), prices.lookedUp()));
        byte[] phonePhoto = Benchmark.syntheticPhoto(1280, 960, 0.85f); // what the page and apps send
        Work search = measure(() -> app.search().search(new SearchRequest(phonePhoto, 10)));
        int[] next = {0};
        Work embed = measure(() -> {
            byte[] image = catalogImages.get(next[0]++ % catalogImages.size());
            app.embedder().embed(app.decoder().decode(image, side).image());
        });
        int floor = LambdaSizing.floorMb(residentMb, WORST_INPUT_HEAP_MB);
        report.line("search (1,280 x 960 JPEG, k=10): %.1f ms CPU, %.2f cores busy; ingest per image (decode + "
                + "embed): %.1f ms CPU, %.2f cores busy", search.cpuMs(), search.parallelism(), embed.cpuMs(),
                embed.parallelism());
        report.line("assumed waits on AWS services, not measured here: search %.0f ms (k-NN query, catalog read), "
                + "ingest %.0f ms an image (S3 read, ledger and catalog writes, bulk index)", searchIoMs, ingestIoMs);
        report.line("memory floor %d MB: the %.0f MB resident after a fresh JVM's first search and the %.0f MB heap "
                + "the hostile corpus needs", floor, residentMb, WORST_INPUT_HEAP_MB);
        LambdaSizing searchSizing = new LambdaSizing(search.cpuMs(), search.parallelism(), searchIoMs, 1);
        LambdaSizing ingestSizing = new LambdaSizing(embed.cpuMs(), embed.parallelism(), ingestIoMs, ingestBatch);
        List<Option> searchOptions = searchSizing.options(floor, prices);
        List<Option> ingestOptions = ingestSizing.options(floor, prices);
        report.line("%n| memory | search arm64 | search x86_64 | ingest arm64 (per image) | ingest x86_64 (per image) |");
        report.line("| --- | --- | --- | --- | --- |");
        int perArchitecture = searchOptions.size() / 2;
        for (int i = 0; i < perArchitecture; i++) {
            report.line("| %,d MB | %s | %s | %s | %s |", searchOptions.get(i).memoryMb(), cell(searchOptions.get(i)),
                    cell(searchOptions.get(i + perArchitecture)), cell(ingestOptions.get(i)),
                    cell(ingestOptions.get(i + perArchitecture)));
        }
        Option searchChoice = LambdaSizing.choose(searchOptions, SEARCH_SLOWDOWN);
        Option ingestChoice = LambdaSizing.choose(ingestOptions, Double.MAX_VALUE);
        report.line("%nchosen: search %s %,d MB (%.0f ms, $%.4f per 1,000 searches: the cheapest within %.0f %% of "
                        + "the fastest); ingest %s %,d MB (%.0f ms an image, $%.4f per 1,000 images: the cheapest)",
                name(searchChoice), searchChoice.memoryMb(), searchChoice.durationMs(), searchChoice.costPerThousand(),
                (SEARCH_SLOWDOWN - 1) * 100, name(ingestChoice), ingestChoice.memoryMb(), ingestChoice.durationMs(),
                ingestChoice.costPerThousand());
        for (double factor : new double[] {0.5, 2.0}) {
            Option s = LambdaSizing.choose(new LambdaSizing(search.cpuMs(), search.parallelism(), searchIoMs * factor,
                    1).options(floor, prices), SEARCH_SLOWDOWN);
            Option g = LambdaSizing.choose(new LambdaSizing(embed.cpuMs(), embed.parallelism(), ingestIoMs * factor,
                    ingestBatch).options(floor, prices), Double.MAX_VALUE);
            report.line("  with the assumed waits x%.1f: search %s %,d MB, ingest %s %,d MB", factor, name(s),
                    s.memoryMb(), name(g), g.memoryMb());
        }
    }

    private static String cell(Option o) {
        return String.format(Locale.ROOT, "%.0f ms, $%.4f", o.durationMs(), o.costPerThousand());
    }

    private static String name(Option o) {
        return o.architecture().name().toLowerCase(Locale.ROOT);
    }

    /** Process CPU time and wall time over {@link #RUNS} runs after as many warm-up runs. */
    static Work measure(Runnable operation) {
        for (int i = 0; i < RUNS; i++) {
            operation.run();
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            operation.run();
        }
        double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6 / RUNS;
        double wallMs = (System.nanoTime() - wall) / 1e6 / RUNS;
        return new Work(cpuMs, Math.max(1.0, cpuMs / wallMs));
    }
}
