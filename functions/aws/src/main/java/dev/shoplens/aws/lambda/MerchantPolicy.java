package dev.shoplens.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ShopLensException;

import java.util.Arrays;

/**
 * Who is a merchant: a caller signed in (IAM auth) with the merchant role, or (Cognito authorizer) a
 * member of the merchants group. API Gateway has checked the credentials; this reads what it passed on.
 *
 * @param roleName  the IAM role merchants assume
 * @param groupName the Cognito group of merchants
 */
public record MerchantPolicy(String roleName, String groupName) {

    public static MerchantPolicy of(AwsSettings.Merchants merchants) {
        return new MerchantPolicy(merchants.roleName(), merchants.groupName());
    }

    /**
     * @param action what only merchants may do ("edit products"), for the refusal's message
     * @throws ShopLensException FORBIDDEN, saying who may, when the caller is no merchant
     */
    public void require(APIGatewayV2HTTPEvent event, String action) {
        if (!isMerchant(event)) {
            throw new ShopLensException(ErrorCode.FORBIDDEN, "only merchants may " + action + ": sign the request "
                    + "with the " + roleName + " role, or sign in as a member of the " + groupName + " group");
        }
    }

    public boolean isMerchant(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        var authorizer = context == null ? null : context.getAuthorizer();
        if (authorizer == null) {
            return false;
        }
        if (authorizer.getIam() != null && authorizer.getIam().getUserArn() != null) {
            return authorizer.getIam().getUserArn().contains(":assumed-role/" + roleName + "/");
        }
        if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
            String groups = authorizer.getJwt().getClaims().getOrDefault("cognito:groups", "");
            return Arrays.asList(groups.replaceAll("[\\[\\]]", "").split("[ ,]+")).contains(groupName);
        }
        return false;
    }
}
