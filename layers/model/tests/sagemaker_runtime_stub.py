"""A stand-in for SageMaker Runtime in front of the model server, for tests only: it takes InvokeEndpoint's
path, POST /endpoints/<name>/invocations, refuses a request without a SigV4 signature for the service
"sagemaker" (its shape is checked; the secret is not, having no account here), and hands the rest to the
model server's handler as POST /invocations.

    python3 layers/model/tests/sagemaker_runtime_stub.py --model-dir layers/model/builtin --port 0
"""
import argparse
import re

from shoplens_model.server import handler_for, serve

INVOKE_ENDPOINT = re.compile(r"^/endpoints/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}/invocations$")


def signed_for_sagemaker(headers) -> bool:
    auth = headers.get("Authorization", "")
    return (auth.startswith("AWS4-HMAC-SHA256 Credential=") and "/sagemaker/aws4_request" in auth
            and "SignedHeaders=" in auth and "content-type" in auth and bool(headers.get("X-Amz-Date")))


def runtime_handler_for(manifest, session):
    container = handler_for(manifest, session)

    class Runtime(container):
        def do_POST(self):
            if not INVOKE_ENDPOINT.match(self.path):
                self.reply(404, {"error": "not_found", "message": "POST /endpoints/<name>/invocations"})
                return
            if not signed_for_sagemaker(self.headers):
                self.reply(403, {"error": "forbidden", "message": "InvokeEndpoint needs a SigV4 signature for "
                                 "sagemaker signing content-type, got Authorization: "
                                 + self.headers.get("Authorization", "")[:80]})
                return
            self.path = "/invocations"
            super().do_POST()

    return Runtime


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--model-dir", required=True)
    args = parser.parse_args()
    serve(args.model_dir, args.host, args.port, runtime_handler_for)


if __name__ == "__main__":
    main()
