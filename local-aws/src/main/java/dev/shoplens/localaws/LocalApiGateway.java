package dev.shoplens.localaws;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shoplens.aws.lambda.LambdaHttp;
import dev.shoplens.aws.lambda.LocalLambdaContext;
import dev.shoplens.core.api.Admission;
import dev.shoplens.core.api.ApiResponse;
import dev.shoplens.core.domain.ShopLensException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * What API Gateway (HTTP API, payload 2.0) does in front of the handlers: match a route, build the event
 * with its route key, path parameters and query, pass on the caller's identity, and turn the handler's
 * response back into HTTP. IAM signatures are not checked here; the configured caller is passed on as if
 * API Gateway had checked it.
 */
public final class LocalApiGateway implements AutoCloseable {
    private record Route(String method, String template, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final String callerArn;
    private final Throttle throttle;
    /** This one process stands for the functions' whole fleet: it runs as many invocations as its cores bear. */
    private final Admission invocations = Admission.forThisMachine();
    private Cors cors = Cors.NONE;
    private volatile Consumer<Headers> requestObserver = h -> { };
    private HttpServer server;

    /** Shows tests each request's headers as they arrive (what a browser sent, preflights included). */
    void observeRequests(Consumer<Headers> observer) {
        this.requestObserver = observer;
    }

    /**
     * API Gateway's CORS configuration (the template's CorsConfiguration): which page origins may call the
     * API from a browser, with which headers. Preflights are answered here, without a handler, as API
     * Gateway answers them.
     */
    public record Cors(Set<String> allowOrigins, List<String> allowHeaders, List<String> allowMethods, int maxAgeSeconds) {
        public static final Cors NONE = new Cors(Set.of(), List.of(), List.of(), 0);

        /** What template.yaml allows the page's origins (PageOrigins): its headers, methods and max age. */
        public static Cors forPages(Set<String> origins) {
            return new Cors(Set.copyOf(origins), List.of("authorization", "content-type", "x-amz-date",
                    "x-amz-security-token", "x-amz-content-sha256"), List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"), 600);
        }

        boolean allows(String origin) {
            return origin != null && (allowOrigins.contains(origin) || allowOrigins.contains("*"));
        }
    }

    public LocalApiGateway cors(Cors cors) {
        this.cors = cors;
        return this;
    }

    /** @param callerArn the IAM identity passed to the handlers, e.g. a session of the merchant role */
    public LocalApiGateway(String callerArn) {
        this(callerArn, Throttle.RATE_PER_SECOND, Throttle.BURST);
    }

    /** With the throttle API Gateway applies: {@code ratePerSecond} steady, {@code burst} at once. */
    public LocalApiGateway(String callerArn, int ratePerSecond, int burst) {
        this.callerArn = callerArn;
        this.throttle = new Throttle(ratePerSecond, burst);
    }

    public LocalApiGateway route(String method, String template,
                                 RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        routes.add(new Route(method, template, handler));
        return this;
    }

    public LocalApiGateway start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!throttle.admit()) { // as API Gateway answers past its throttle
                byte[] body = "{\"message\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(429, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            requestObserver.accept(exchange.getRequestHeaders());
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (cors.allows(origin)) {
                exchange.getResponseHeaders().add("Access-Control-Allow-Origin", origin);
                exchange.getResponseHeaders().add("Vary", "Origin");
                if (method.equals("OPTIONS") && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method")) {
                    exchange.getResponseHeaders().add("Access-Control-Allow-Methods", String.join(",", cors.allowMethods()));
                    exchange.getResponseHeaders().add("Access-Control-Allow-Headers", String.join(",", cors.allowHeaders()));
                    exchange.getResponseHeaders().add("Access-Control-Max-Age", Integer.toString(cors.maxAgeSeconds()));
                    exchange.sendResponseHeaders(204, -1);
                    return;
                }
            }
            for (Route route : routes) {
                Map<String, String> params = match(route.template(), path);
                if (params != null && route.method().equals(method)) {
                    APIGatewayV2HTTPEvent event = event(exchange, route, params);
                    APIGatewayV2HTTPResponse response;
                    try {
                        response = invocations.run(() -> route.handler().handleRequest(event,
                                new LocalLambdaContext(route.template())));
                    } catch (ShopLensException e) { // past the fleet's concurrency, as a throttled function
                        response = LambdaHttp.response(ApiResponse.error(e));
                        exchange.getResponseHeaders().add("Retry-After", Long.toString(Admission.RETRY_AFTER.toSeconds()));
                    }
                    byte[] body = response.getBody() == null ? new byte[0]
                            : response.getBody().getBytes(StandardCharsets.UTF_8);
                    if (response.getHeaders() != null) {
                        response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                    }
                    exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                    return;
                }
            }
            byte[] body = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private APIGatewayV2HTTPEvent event(HttpExchange exchange, Route route, Map<String, String> params) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        // API Gateway passes text bodies as they are and base64-encodes the others (a photo)
        String type = headers.getOrDefault("content-type", "");
        boolean text = type.isEmpty() || type.startsWith("text/") || type.contains("json");
        String body = text ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes);
        String routeKey = route.method() + " " + route.template();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey(routeKey).withRawPath(exchange.getRequestURI().getPath())
                .withRawQueryString(exchange.getRequestURI().getRawQuery())
                .withHeaders(headers).withPathParameters(params.isEmpty() ? null : params)
                .withQueryStringParameters(query(exchange.getRequestURI().getRawQuery()))
                .withBody(body.isEmpty() ? null : body).withIsBase64Encoded(!text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey).withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(route.method()).withPath(exchange.getRequestURI().getPath()).build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(callerArn).build())
                                .build())
                        .build())
                .build();
    }

    /** The path parameters when {@code path} fits {@code template} (e.g. /products/{id}), else null. */
    static Map<String, String> match(String template, String path) {
        String[] t = template.split("/");
        String[] p = path.split("/");
        boolean greedy = t[t.length - 1].endsWith("+}"); // {key+} takes the rest of the path, slashes and all
        if (greedy ? p.length < t.length : t.length != p.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (greedy && i == t.length - 1) {
                String rest = String.join("/", java.util.Arrays.copyOfRange(p, i, p.length));
                params.put(t[i].substring(1, t[i].length() - 2), URLDecoder.decode(rest, StandardCharsets.UTF_8));
            } else if (t[i].startsWith("{") && t[i].endsWith("}")) {
                params.put(t[i].substring(1, t[i].length() - 1), URLDecoder.decode(p[i], StandardCharsets.UTF_8));
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }

    private static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
