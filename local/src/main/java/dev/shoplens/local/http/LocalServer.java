package dev.shoplens.local.http;

import dev.shoplens.core.api.ApiResponses;
import dev.shoplens.core.api.SearchJson;
import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.local.app.LocalApplication;
import io.javalin.Javalin;
import io.javalin.http.Context;
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

    private final LocalApplication app;
    private final RequestReader reader;
    private final Javalin javalin;
    private final String page;

    public LocalServer(LocalApplication app, long maxBodyBytes) {
        this.app = app;
        this.reader = new RequestReader(maxBodyBytes);
        this.page = resource("/web/index.html");
        this.javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // Slack above the image limit for multipart framing; the image itself is checked exactly.
            config.http.maxRequestSize = maxBodyBytes + 64 * 1024;
            config.jetty.multipartConfig.maxFileSize(maxBodyBytes + 64 * 1024, io.javalin.config.SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxBodyBytes + 128 * 1024,
                    io.javalin.config.SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, maxBodyBytes + 64 * 1024),
                    io.javalin.config.SizeUnit.BYTES);
        });
        routes();
    }

    private void routes() {
        javalin.get("/", ctx -> ctx.html(page));
        javalin.get("/health", ctx -> ctx.json(new ApiResponses.Health("ok",
                app.embedder().model().versionTag(), app.catalogService().productCount(), app.imageCount())));
        javalin.post("/search", this::search);
        javalin.get("/products/{id}", ctx ->
                ctx.json(ApiResponses.product(app.catalogService().product(ProductId.of(ctx.pathParam("id"))), LocalServer::imageUrl)));
        javalin.get("/products/{id}/similar", this::similar);
        javalin.post("/products/{id}/images", this::addImage);
        javalin.get("/images/<key>", this::image);

        javalin.exception(ShopLensException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
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
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(new ApiResponses.ErrorBody("internal_error",
                    "the server failed to answer; nothing was changed, try again"));
        });
    }

    /**
     * A photo search: a JSON body {@code {"image": "<base64>", "k": ..., "filter": ...}} as the search
     * function takes it, or the photo itself (raw or multipart) with the options as query parameters.
     */
    private void search(Context ctx) {
        byte[] photo;
        SearchJson.Options options;
        if (reader.isJson(ctx)) {
            var body = reader.json(ctx);
            photo = SearchJson.inlineImage(body);
            options = SearchJson.read(body);
        } else {
            photo = reader.image(ctx);
            options = SearchJson.fromParameters(reader.parameters(ctx));
        }
        SearchRequest request = options.request(photo);
        ctx.json(ApiResponses.search(app.search().search(request), LocalServer::imageUrl, options.fields()));
    }

    private void similar(Context ctx) {
        SearchJson.Options options = SearchJson.fromParameters(reader.parameters(ctx));
        ctx.json(ApiResponses.search(app.search().similar(ProductId.of(ctx.pathParam("id")), options.search()),
                LocalServer::imageUrl, options.fields()));
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
        ImageKey key;
        try {
            key = ImageKey.of(ctx.pathParam("key"));
        } catch (ShopLensException e) {
            throw new ShopLensException(ErrorCode.IMAGE_NOT_FOUND, "no catalog image under '" + ctx.pathParam("key")
                    + "': " + e.getMessage());
        }
        ImageStore.StoredImage image = app.catalogService().image(key);
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("ETag", "\"" + image.eTag() + "\"");
        ctx.contentType(image.contentType()).result(image.bytes());
    }

    private static void error(Context ctx, ErrorCode code, String message) {
        ctx.status(ApiResponses.status(code)).json(new ApiResponses.ErrorBody(code.wireName(), message));
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
