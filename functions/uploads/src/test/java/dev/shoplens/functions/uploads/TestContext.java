package dev.shoplens.functions.uploads;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;

/** The Lambda context a handler receives; here its logger prints to the test output. */
final class TestContext implements Context {
    public String getAwsRequestId() { return "test-request"; }
    public String getLogGroupName() { return "/aws/lambda/test"; }
    public String getLogStreamName() { return "test"; }
    public String getFunctionName() { return "uploads"; }
    public String getFunctionVersion() { return "$LATEST"; }
    public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:ingest"; }
    public CognitoIdentity getIdentity() { return null; }
    public ClientContext getClientContext() { return null; }
    public int getRemainingTimeInMillis() { return 60_000; }
    public int getMemoryLimitInMB() { return 2048; }

    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            public void log(String message) {
                System.out.println(message);
            }

            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
