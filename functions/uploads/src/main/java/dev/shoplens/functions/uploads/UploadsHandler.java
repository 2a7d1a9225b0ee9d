package dev.shoplens.functions.uploads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.shoplens.aws.AwsClients;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.lambda.HttpInvocation;
import dev.shoplens.aws.lambda.LambdaHttp;
import dev.shoplens.aws.lambda.MerchantPolicy;
import dev.shoplens.aws.metrics.CloudWatchApiMetrics;
import dev.shoplens.aws.s3.S3UploadSigner;
import dev.shoplens.core.api.ApiResponse;
import dev.shoplens.core.api.UploadJson;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.PresignedUploadService;

/**
 * POST /uploads: a presigned PUT for a query photo (anyone the API lets in) or a catalog image (merchants).
 * Body: {@code {"purpose": "query"|"catalog", "contentType": "image/jpeg", "contentLength": 123456,
 * "productId": "..."}}.
 */
public final class UploadsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final class Holder {
        static final UploadsHandler INSTANCE = fromEnvironment();

        private static UploadsHandler fromEnvironment() {
            AwsSettings settings = AwsSettings.fromEnvironment();
            return new UploadsHandler(new PresignedUploadService(new S3UploadSigner(AwsClients.of(settings).presigner(),
                    settings.imageBucket()), settings.limits().maxBytes()), MerchantPolicy.of(settings.merchants()));
        }
    }

    private final PresignedUploadService uploads;
    private final MerchantPolicy merchants;
    private final HttpInvocation invocation = new HttpInvocation(CloudWatchApiMetrics.fromEnvironment());

    public UploadsHandler() {
        this(Holder.INSTANCE.uploads, Holder.INSTANCE.merchants);
    }

    public UploadsHandler(PresignedUploadService uploads, MerchantPolicy merchants) {
        this.uploads = uploads;
        this.merchants = merchants;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return invocation.run(event, context, () -> {
            var json = LambdaHttp.request(event, UploadJson.EXPECTED).json();
            if (json == null) {
                throw ShopLensException.invalid("the request body is empty: send " + UploadJson.EXPECTED);
            }
            var upload = uploads.prepare(UploadJson.read(json, merchants.isMerchant(event)));
            return new ApiResponse(201, UploadJson.Granted.of(upload));
        });
    }
}
