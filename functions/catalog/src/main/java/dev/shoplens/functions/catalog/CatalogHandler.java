package dev.shoplens.functions.catalog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.AwsClients;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.lambda.HttpInvocation;
import dev.shoplens.aws.lambda.LambdaHttp;
import dev.shoplens.aws.lambda.MerchantPolicy;
import dev.shoplens.aws.metrics.CloudWatchApiMetrics;
import dev.shoplens.core.api.CatalogApi;
import dev.shoplens.core.api.ProductEditJson;

/**
 * API Gateway (HTTP API) in front of the merchants' catalog routes: GET /products, PATCH /products/{id}
 * and DELETE /images/{key+}. Only merchants
 * (the merchant role, or the merchants group) may call them; the function needs no model, only the catalog,
 * the image ledger and the live vector index.
 */
public final class CatalogHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final class Holder {
        static final CatalogHandler INSTANCE = fromEnvironment();

        private static CatalogHandler fromEnvironment() {
            AwsSettings settings = AwsSettings.fromEnvironment();
            return new CatalogHandler(AwsApplication.merchantApi(settings, AwsClients.of(settings)),
                    MerchantPolicy.of(settings.merchants()));
        }
    }

    private final CatalogApi api;
    private final MerchantPolicy merchants;
    private final HttpInvocation invocation = new HttpInvocation(CloudWatchApiMetrics.fromEnvironment());

    public CatalogHandler() {
        this(Holder.INSTANCE.api, Holder.INSTANCE.merchants);
    }

    public CatalogHandler(CatalogApi api, MerchantPolicy merchants) {
        this.api = api;
        this.merchants = merchants;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return invocation.run(event, context, () -> {
            merchants.require(event, "read and change the catalog");
            return api.handle(LambdaHttp.request(event, ProductEditJson.EXPECTED));
        });
    }
}
