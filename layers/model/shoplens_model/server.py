"""A model server for bulk embedding on a GPU machine, speaking the SageMaker container contract
(GET /ping, POST /invocations on port 8080) as a SageMaker endpoint or DJL Serving would.

It serves a ShopLens model directory (manifest.json + ONNX weights) with ONNX Runtime, on CUDA when that
provider is available, else the CPU. The client does the preprocessing the manifest describes (the Java
translator, so there is one implementation of it) and sends the input tensor as a .npy array
(Content-Type: application/x-npy, shape N x 3 x H x W, float32); the answer is JSON:
{"model": "name@version", "embeddings": [[...], ...]} (raw model outputs: the client normalises).

    MODEL_DIR=layers/model/builtin python3 layers/model/serve/inference_server.py [--port 8080]
"""
import argparse
import io
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import onnxruntime as ort

from shoplens_model.manifest import ManifestError, checked_weights, read_manifest, version_tag


def load(model_dir):
    """The manifest and an ONNX Runtime session of a checked model directory (CUDA when available)."""
    manifest = read_manifest(model_dir)
    weights = checked_weights(model_dir, manifest)
    wanted = ["CUDAExecutionProvider", "CPUExecutionProvider"]
    providers = [p for p in wanted if p in ort.get_available_providers()]
    session = ort.InferenceSession(weights, providers=providers)
    print(f"serving {manifest['name']}@{manifest['version']} on {session.get_providers()[0]}", flush=True)
    return manifest, session


def handler_for(manifest, session):
    tag = version_tag(manifest)
    input_name = manifest.get("inputName") or session.get_inputs()[0].name
    output_name = manifest.get("outputName") or session.get_outputs()[0].name
    shape = (3, manifest["inputHeight"], manifest["inputWidth"])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/ping":
                self.reply(200, {"status": "healthy", "model": tag})
            else:
                self.reply(404, {"error": "not_found", "message": "GET /ping or POST /invocations"})

        def do_POST(self):
            if self.path != "/invocations":
                self.reply(404, {"error": "not_found", "message": "POST /invocations"})
                return
            if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/x-npy":
                self.reply(415, {"error": "unsupported_media_type", "message": "send application/x-npy"})
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                batch = np.load(io.BytesIO(body), allow_pickle=False)
            except ValueError as e:
                self.reply(400, {"error": "invalid_argument", "message": f"not a .npy array: {e}"})
                return
            if batch.dtype != np.float32 or batch.ndim != 4 or batch.shape[1:] != shape:
                self.reply(400, {"error": "invalid_argument",
                                 "message": f"expected float32 N x {shape}, got {batch.dtype} {batch.shape}"})
                return
            out = session.run([output_name], {input_name: batch})[0]
            self.reply(200, {"model": tag, "embeddings": out.tolist()})

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("SAGEMAKER_BIND_TO_PORT", 8080)))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--model-dir", default=os.environ.get("MODEL_DIR", "/opt/ml/model"))
    args = parser.parse_args()
    serve(args.model_dir, args.host, args.port, handler_for)


def serve(model_dir, host, port, make_handler):
    """Loads the model and answers until stopped; prints the address it listens on."""
    try:
        manifest, session = load(model_dir)
    except ManifestError as e:
        sys.exit(str(e))
    server = ThreadingHTTPServer((host, port), make_handler(manifest, session))
    print(f"listening on http://{host}:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
