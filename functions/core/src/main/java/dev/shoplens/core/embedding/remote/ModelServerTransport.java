package dev.shoplens.core.embedding.remote;

/**
 * How a batch reaches the model server: plain HTTP to a container ({@link HttpModelServerTransport}), or a
 * signed SageMaker Runtime InvokeEndpoint call (the AWS adapters provide one).
 */
public interface ModelServerTransport extends AutoCloseable {
    /** Checks that the server is up; a failure says why in words. */
    void ping();

    /** Sends a .npy batch; returns the JSON answer's bytes, or throws with the server's message. */
    byte[] invoke(byte[] npy);

    /** Where it goes, for messages. */
    String describe();

    @Override
    void close();
}
