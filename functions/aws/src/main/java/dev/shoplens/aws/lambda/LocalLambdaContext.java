package dev.shoplens.aws.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The context Lambda gives each invocation, for handlers run outside Lambda (the local AWS mode, tests);
 * its logger writes to SLF4J.
 */
public final class LocalLambdaContext implements Context {
    private final String function;
    private final String requestId = UUID.randomUUID().toString();

    public LocalLambdaContext(String function) {
        this.function = function;
    }

    public String getAwsRequestId() { return requestId; }
    public String getLogGroupName() { return "/aws/lambda/" + function; }
    public String getLogStreamName() { return "local"; }
    public String getFunctionName() { return function; }
    public String getFunctionVersion() { return "$LATEST"; }
    public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:" + function; }
    public CognitoIdentity getIdentity() { return null; }
    public ClientContext getClientContext() { return null; }
    public int getRemainingTimeInMillis() { return 30_000; }
    public int getMemoryLimitInMB() { return 2048; }

    public LambdaLogger getLogger() {
        var log = LoggerFactory.getLogger("lambda." + function);
        return new LambdaLogger() {
            public void log(String message) {
                log.info(message);
            }

            public void log(byte[] message) {
                log.info(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
