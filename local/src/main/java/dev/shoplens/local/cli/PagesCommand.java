package dev.shoplens.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code shoplens pages --api URL --out DIR}: the shopper's and the merchant's pages as static files (for a
 * bucket behind CloudFront, or any web server) that call a deployed stack's API from the browser.
 */
@Command(name = "pages", mixinStandardHelpOptions = true,
        description = {"Write the shopper's and the merchant's pages as static files that call a deployed stack's "
                + "API: index.html, merchant.html (its calls need a merchant's token), pages.js, favicon.svg and a "
                + "config.js naming the API. Host them on an origin the stack allows "
                + "(its PageOrigins parameter), e.g. aws s3 sync DIR s3://<site bucket>/.",
                "The browser cannot sign IAM requests: point --api at the stack's Cognito endpoint (CognitoApiUrl) "
                        + "and give --token-key, the sessionStorage key under which the site's sign-in keeps the "
                        + "user's Cognito ID token."})
public final class PagesCommand implements Callable<Integer> {
    static final List<String> FILES = List.of("index.html", "merchant.html", "pages.js", "favicon.svg");

    @Option(names = "--api", required = true, paramLabel = "URL", description = "The API the page calls")
    URI api;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the files")
    Path out;

    @Option(names = "--token-key", paramLabel = "KEY", description = "The sessionStorage key of the Cognito token "
            + "to send as Authorization: Bearer")
    String tokenKey;

    @Override
    public Integer call() {
        write(api, tokenKey, out);
        System.out.println("Wrote " + String.join(", ", FILES) + " and config.js to " + out + " for " + api);
        return 0;
    }

    /** Writes the page's files, and a config.js that names the API (and where the token is), into {@code out}. */
    public static void write(URI api, String tokenKey, Path out) {
        String scheme = api.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || api.getHost() == null) {
            throw new IllegalArgumentException("--api must be the API's http(s) URL, got '" + api + "'");
        }
        try {
            Files.createDirectories(out);
            for (String file : FILES) {
                try (InputStream in = PagesCommand.class.getResourceAsStream("/web/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("/web/" + file + " is missing from the build");
                    }
                    Files.write(out.resolve(file), in.readAllBytes());
                }
            }
            // a deployed stack takes catalog images through presigned uploads, not the local server's route
            ObjectNode config = new ObjectMapper().createObjectNode().put("api", api.toString())
                    .put("uploads", "presigned");
            String token = tokenKey == null ? ""
                    : "\nwindow.SHOPLENS.token = () => sessionStorage.getItem(" + new ObjectMapper()
                    .writeValueAsString(tokenKey) + ");";
            Files.writeString(out.resolve("config.js"), "// Written by `shoplens pages`: the API this copy of the page "
                    + "calls.\nwindow.SHOPLENS = " + config + ";" + token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the page to " + out, e);
        }
    }
}
