package dev.shoplens.local.http;

import dev.shoplens.core.api.Admission;
import dev.shoplens.core.api.ApiRequest;
import dev.shoplens.core.api.ApiResponse;
import dev.shoplens.core.api.ApiResponses;
import dev.shoplens.core.api.CatalogApi;
import dev.shoplens.core.api.ProductEditJson;
import dev.shoplens.core.api.SearchApi;
import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.port.QueryPhotos;
import dev.shoplens.local.app.LocalApplication;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The local HTTP API and web page. Handlers only parse, call a core service and shape JSON; the search
 * Lambda calls the same services.
 */
public final class LocalServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);

    /** The local server keeps no presigned uploads: a search names its photo inline or sends it. */
    private static final QueryPhotos NO_QUERY_PHOTOS = (key, maxBytes) -> {
        throw ShopLensException.invalid("'queryKey' names a photo uploaded through POST /uploads, which only the "
                + "AWS deployment has: send the photo in 'image' (base64), or as the body");
    };

    private final LocalApplication app;
    private final RequestReader reader;
    private final SearchApi searchApi;
    private final CatalogApi catalogApi;
    private final Admission admission;
    private final Javalin javalin;
    private final String page;
    private final String merchantPage;
    private final String pagesScript;
    private final String pagesConfig;
    private final String docsPage;
    private final String apiDocument;
    private final String favicon;

    public LocalServer(LocalApplication app, long maxBodyBytes) {
        this(app, maxBodyBytes, Admission.forThisMachine());
    }

    /** @param admission how many searches run at once, and how long one waits for its turn before a 503 */
    public LocalServer(LocalApplication app, long maxBodyBytes, Admission admission) {
        this.admission = admission;
        this.app = app;
        this.reader = new RequestReader(maxBodyBytes);
        this.searchApi = new SearchApi(app.search(), app.catalogService(), NO_QUERY_PHOTOS, LocalServer::imageUrl,
                maxBodyBytes);
        this.catalogApi = new CatalogApi(app.productEdits(), app.catalogService(),
                key -> app.uploads().delete(key).result().name(), LocalServer::imageUrl);
        this.page = resource("/web/index.html");
        this.merchantPage = resource("/web/merchant.html");
        this.pagesScript = resource("/web/pages.js");
        this.pagesConfig = resource("/web/config.js");
        this.docsPage = resource("/web/docs.html");
        this.apiDocument = resource("/web/openapi.yaml");
        this.favicon = resource("/web/favicon.svg");
        this.javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.enableWebjars(); // Swagger UI for /docs
            // Slack above the image limit for multipart framing; the image itself is checked exactly.
            config.http.maxRequestSize = maxBodyBytes + 64 * 1024;
            config.jetty.multipartConfig.maxFileSize(maxBodyBytes + 64 * 1024, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxBodyBytes + 128 * 1024,
                    SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, maxBodyBytes + 64 * 1024),
                    SizeUnit.BYTES);
            // Requests Jetty refuses before any route sees them (an ambiguous path, a bad URI) answer JSON too.
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
        });
        routes();
    }

    private void routes() {
        javalin.get("/", ctx -> ctx.html(page));
        javalin.get("/merchant", ctx -> ctx.html(merchantPage));
        javalin.get("/pages.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(pagesScript));
        javalin.get("/config.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(pagesConfig));
        javalin.get("/products", ctx -> catalogApi(ctx, "GET /products", null));
        javalin.delete("/images/<key>", ctx -> catalogApi(ctx, "DELETE /images/{key}", null));
        javalin.get("/docs", ctx -> ctx.html(docsPage));
        javalin.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(apiDocument));
        javalin.get("/favicon.svg", this::favicon);
        javalin.get("/favicon.ico", this::favicon); // browsers ask for it unbidden
        javalin.get("/health", ctx -> ctx.json(new ApiResponses.Health("ok",
                app.embedder().model().versionTag(), app.catalogService().productCount(), app.imageCount())));
        javalin.post("/search", this::searchApi);
        javalin.get("/products/{id}", this::searchApi);
        javalin.get("/products/{id}/similar", this::searchApi);
        javalin.get("/image-status", this::searchApi);
        javalin.post("/products/{id}/images", this::addImage);
        javalin.patch("/products/{id}", ctx -> catalogApi(ctx, "PATCH /products/{id}", editBody(ctx)));
        javalin.get("/images/<key>", this::image);

        javalin.exception(ShopLensException.class, (e, ctx) -> {
            if (e.code() == ErrorCode.OVERLOADED) {
                ctx.header("Retry-After", Long.toString(Admission.RETRY_AFTER.toSeconds()));
            }
            respond(ctx, ApiResponse.error(e));
        });
        // Javalin's own refusals (no such route, body over the limit) answer in the same JSON shape.
        javalin.exception(HttpResponseException.class, (e, ctx) -> {
            String code = switch (e.getStatus()) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> ErrorCode.IMAGE_TOO_LARGE.wireName();
                default -> ErrorCode.INVALID_ARGUMENT.wireName();
            };
            String message = e.getStatus() == 404 ? "no route " + ctx.method() + " " + ctx.path() : e.getMessage();
            ctx.status(e.getStatus()).json(new ApiResponses.ErrorBody(code, message));
        });
        javalin.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            respond(ctx, ApiResponse.internalError());
        });
    }

    /**
     * The routes the search function has too, through the same routing table: a JSON body as the function
     * takes it, or (for a search) the photo itself, raw or multipart, with the options as parameters.
     */
    private void searchApi(Context ctx) {
        String route = ctx.method() + " " + ctx.endpointHandlerPath();
        boolean json = reader.isJson(ctx);
        boolean photo = !json && ctx.method() == HandlerType.POST;
        ApiRequest request = new ApiRequest(route, ctx.pathParamMap(), reader.parameters(ctx),
                json ? reader.json(ctx) : null, photo ? reader.image(ctx) : null);
        respond(ctx, admission.run(() -> searchApi.handle(request)));
    }

    /** The merchants' routes the catalog function has too; the local server trusts its own machine. */
    private void catalogApi(Context ctx, String route, com.fasterxml.jackson.databind.JsonNode body) {
        respond(ctx, catalogApi.handle(new ApiRequest(route, ctx.pathParamMap(), reader.parameters(ctx), body, null)));
    }

    private com.fasterxml.jackson.databind.JsonNode editBody(Context ctx) {
        if (!reader.isJson(ctx)) {
            throw new ShopLensException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the edit as JSON "
                    + "(Content-Type: application/merge-patch+json or application/json): " + ProductEditJson.EXPECTED);
        }
        return reader.json(ctx);
    }

    private static void respond(Context ctx, ApiResponse response) {
        ctx.status(response.status()).json(response.body());
    }

    private void addImage(Context ctx) {
        ProductId id = ProductId.of(ctx.pathParam("id"));
        byte[] image = reader.image(ctx);
        CatalogImageUpload upload = new CatalogImageUpload(id, image, reader.field(ctx, "name"),
                reader.attributes(ctx));
        ImageKey key = app.uploads().upload(upload);
        ctx.status(HttpStatus.CREATED).json(new ApiResponses.Ingested(id.value(), key.value(),
                imageUrl(key), ApiResponses.product(app.catalogService().product(id), LocalServer::imageUrl)));
    }

    private void image(Context ctx) {
        ImageKey key = CatalogApi.catalogKey(ctx.pathParam("key"));
        ImageStore.StoredImage image = app.catalogService().image(key);
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("ETag", "\"" + image.eTag() + "\"");
        ctx.contentType(image.contentType()).result(image.bytes());
    }

    private void favicon(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.contentType("image/svg+xml").result(favicon);
    }

    /** Thumbnails are served by this server from the image files. */
    static String imageUrl(ImageKey key) {
        return "/images/" + key.value();
    }

    public LocalServer start(String host, int port) {
        javalin.start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    private static String resource(String path) {
        try (InputStream in = LocalServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
