package dev.shoplens.local.bench;

import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.service.Priming;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The child JVM {@link StartBench} starts: opens the catalog, optionally primes the model as the search
 * function's SnapStart hook does, answers one search, and prints its timings as one JSON line.
 */
public final class StartProbe {
    private StartProbe() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double jvmBoot = ManagementFactory.getRuntimeMXBean().getUptime();
        Path data = Path.of(args[0]);
        Path model = Path.of(args[1]);
        byte[] query = Files.readAllBytes(Path.of(args[2]));
        boolean prime = Boolean.parseBoolean(args[3]);
        long t0 = System.nanoTime();
        try (LocalApplication app = LocalApplication.start(new LocalConfig(data, model, 2, DecodeLimits.DEFAULT))) {
            long t1 = System.nanoTime();
            if (prime) {
                Priming.run(app.embedder());
            }
            long t2 = System.nanoTime();
            app.search().search(new SearchRequest(query, 10));
            long t3 = System.nanoTime();
            double rss = MachineInfo.residentMb().map(m -> m[0]).orElse(0.0);
            System.out.println(String.format(Locale.ROOT, "{\"jvmBootMs\":%.1f,\"initMs\":%.1f,\"primeMs\":%.1f,"
                    + "\"firstSearchMs\":%.1f,\"rssMb\":%.1f}", jvmBoot, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                    (t3 - t2) / 1e6, rss));
        }
        System.exit(0);
    }
}
