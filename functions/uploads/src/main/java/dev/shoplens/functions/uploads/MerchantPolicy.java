package dev.shoplens.functions.uploads;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.Map;

/**
 * Who is a merchant: a caller signed in (IAM auth) with the merchant role, or (Cognito authorizer) a
 * member of the merchants group. API Gateway has checked the credentials; this reads what it passed on.
 *
 * @param roleName  MERCHANT_ROLE_NAME: the IAM role merchants assume
 * @param groupName MERCHANT_GROUP: the Cognito group of merchants
 */
public record MerchantPolicy(String roleName, String groupName) {

    public static MerchantPolicy from(Map<String, String> env) {
        return new MerchantPolicy(env.getOrDefault("MERCHANT_ROLE_NAME", "shoplens-merchant"),
                env.getOrDefault("MERCHANT_GROUP", "merchants"));
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
            return java.util.Arrays.asList(groups.replaceAll("[\\[\\]]", "").split("[ ,]+")).contains(groupName);
        }
        return false;
    }
}
