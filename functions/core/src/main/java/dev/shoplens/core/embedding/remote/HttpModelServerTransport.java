package dev.shoplens.core.embedding.remote;

import dev.shoplens.core.model.ModelManifestException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The SageMaker container contract over plain HTTP: GET /ping, POST /invocations under a base URL. */
public final class HttpModelServerTransport implements ModelServerTransport {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final URI invocations;

    /** @param endpoint the server's base URL, e.g. http://gpu-host:8080 */
    public HttpModelServerTransport(URI endpoint) {
        this.endpoint = endpoint;
        this.invocations = endpoint.resolve("/invocations");
    }

    @Override
    public void ping() {
        try {
            HttpResponse<String> ping = http.send(HttpRequest.newBuilder(endpoint.resolve("/ping"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (ping.statusCode() != 200) {
                throw new ModelManifestException("model server " + endpoint + " answers /ping with " + ping.statusCode());
            }
        } catch (IOException e) {
            throw new ModelManifestException("model server " + endpoint + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinging model server " + endpoint, e);
        }
    }

    @Override
    public byte[] invoke(byte[] npy) {
        return send(http, HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-npy").POST(HttpRequest.BodyPublishers.ofByteArray(npy))
                .build(), "model server " + invocations);
    }

    /** Sends one request to a model server and returns the body of its 200 answer; anything else throws. */
    public static byte[] send(HttpClient http, HttpRequest request, String server) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(server + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(server + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + server, e);
        }
    }

    @Override
    public String describe() {
        return invocations.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
