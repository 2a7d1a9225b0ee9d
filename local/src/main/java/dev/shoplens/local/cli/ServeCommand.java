package dev.shoplens.local.cli;

import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.http.LocalServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code shoplens serve}: the local photo search server and its web page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the photo search API and web page on this machine.")
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean serving;

    @Mixin
    DataOptions data;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--sample-catalog", description = "A catalog folder to index when the catalog is empty (first start).")
    Path sampleCatalog;

    static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        LocalApplication app = LocalApplication.start(data.config());
        if (sampleCatalog != null && app.catalogService().productCount() == 0) {
            if (!Files.isDirectory(sampleCatalog)) {
                app.close();
                throw new IllegalArgumentException("--sample-catalog " + sampleCatalog + " is not a folder");
            }
            System.out.println("First start: indexing the sample catalog " + sampleCatalog);
            ImportCommand.importFolder(app, sampleCatalog, System.out);
        }
        LocalServer server = new LocalServer(app, data.config().limits().maxBytes()).start(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            app.close();
        }, "shutdown"));
        serving = true;
        System.out.printf("ShopLens is serving %d products (%d images) with model %s, ready in %.1f s%n",
                app.catalogService().productCount(), app.imageCount(), app.embedder().model().versionTag(),
                (System.nanoTime() - started) / 1e9);
        String shownHost = host.equals("0.0.0.0") ? "localhost" : host;
        System.out.println("Open http://" + shownHost + ":" + server.port() + "/  (Ctrl+C stops)");
        return 0;
    }
}
