package dev.shoplens.local.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code shoplens load --url http://127.0.0.1:8080/search --photo p.jpg}: an open-loop load test of a photo
 * search endpoint at rising request rates. Each step sends requests at a fixed rate for a few seconds,
 * whatever the answers take (so a slow server meets the next requests as real clients would), and prints
 * the throughput answered, p50/p99 latency, and how many were shed (503) or failed. Bounded: it never has
 * more than {@code --max-in-flight} requests open, and stops after the step where the server sheds most.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load-test a photo search endpoint at rising rates: throughput, p50/p99, shed and failed.")
final class LoadCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "The search endpoint, e.g. http://127.0.0.1:8080/search")
    URI url;

    @Option(names = "--photo", required = true, description = "The photo to send with every request.")
    Path photo;

    @Option(names = "--json", description = "Send {\"image\": \"<base64>\"} (the search function's body) instead of the photo.")
    boolean json;

    @Option(names = "--rates", split = ",", defaultValue = "5,10,20,40,80,160",
            description = "Requests per second of each step. Default: ${DEFAULT-VALUE}")
    List<Integer> rates;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per step. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--max-in-flight", defaultValue = "256", description = "Open requests at most. Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    record Step(int rate, int sent, int ok, int shed, int failed, int notSent, double seconds, long p50, long p99) {
    }

    @Override
    public Integer call() throws Exception {
        byte[] body = Files.readAllBytes(photo);
        String type = json ? "application/json" : "image/jpeg";
        if (json) {
            body = ("{\"image\": \"" + Base64.getEncoder().encodeToString(body) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        System.out.printf(Locale.ROOT, "load test of %s, %d-byte %s bodies, %d s per step%n", url, body.length, type, seconds);
        System.out.println("offered/s  answered/s  p50 ms  p99 ms   ok  shed(503)  failed  not sent");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (int rate : rates) {
                Step step = step(http, rate, body, type);
                System.out.printf(Locale.ROOT, "%9d  %10.1f  %6d  %6d  %4d  %9d  %6d  %8d%n", step.rate(),
                        step.ok() / step.seconds(), step.p50(), step.p99(), step.ok(), step.shed(), step.failed(),
                        step.notSent());
                if (step.shed() + step.failed() + step.notSent() > step.sent() / 2) {
                    break; // past saturation: the server turns most requests away
                }
            }
        }
        return 0;
    }

    private Step step(HttpClient http, int rate, byte[] body, String type) throws InterruptedException {
        int total = rate * seconds;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger shed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        int notSent = 0;
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!inFlight.tryAcquire()) {
                    notSent++;
                    continue;
                }
                clients.submit(() -> {
                    long sent = System.nanoTime();
                    try {
                        int status = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status == 200) {
                            ok.incrementAndGet();
                            latencies.add((System.nanoTime() - sent) / 1_000_000);
                        } else if (status == 503 || status == 429) {
                            shed.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Step(rate, total - notSent, ok.get(), shed.get(), failed.get(), notSent, elapsed,
                percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
