"""The model server's contract (the SageMaker container contract) on the tiny model, over real HTTP."""
import io
import json
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import numpy as np
import onnxruntime as ort
import pytest

from shoplens_model.server import handler_for, load
from sagemaker_runtime_stub import runtime_handler_for


def serving(model_dir, make_handler):
    manifest, session = load(model_dir)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(manifest, session))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def server(tiny_model_dir):
    srv, url = serving(tiny_model_dir, handler_for)
    yield url
    srv.shutdown()


def call(url, body=None, content_type="application/x-npy", headers=None):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type, **(headers or {})})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def npy(array):
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()


def test_ping_names_the_model(server):
    assert call(server + "/ping") == (200, {"status": "healthy", "model": "tiny-test@1"})


def test_invocations_answer_the_models_raw_outputs(server, tiny_model_dir):
    batch = np.random.default_rng(1).standard_normal((3, 3, 32, 32)).astype(np.float32)
    status, answer = call(server + "/invocations", npy(batch))
    assert status == 200 and answer["model"] == "tiny-test@1"
    session = ort.InferenceSession(tiny_model_dir + "/model.onnx", providers=["CPUExecutionProvider"])
    expected = session.run(["embedding"], {"image": batch})[0]
    np.testing.assert_allclose(np.asarray(answer["embeddings"], dtype=np.float32), expected, rtol=1e-5, atol=1e-6)


def test_wrong_requests_get_a_json_error_that_says_why(server):
    assert call(server + "/invocations", b"{}", "application/json")[0] == 415
    status, answer = call(server + "/invocations", npy(np.zeros((1, 3, 8, 8), np.float32)))
    assert status == 400 and "expected float32 N x (3, 32, 32)" in answer["message"]
    assert call(server + "/invocations", b"not npy")[0] == 400
    assert call(server + "/endpoints/x/invocations", npy(np.zeros((1, 3, 32, 32), np.float32)))[0] == 404


def test_the_sagemaker_runtime_stand_in_wants_a_sigv4_signature(tiny_model_dir):
    srv, url = serving(tiny_model_dir, runtime_handler_for)
    try:
        batch = npy(np.zeros((1, 3, 32, 32), np.float32))
        assert call(url + "/endpoints/shoplens/invocations", batch)[0] == 403
        signed = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20261202/eu-west-1/sagemaker/aws4_request, "
                                   "SignedHeaders=content-type;host;x-amz-date, Signature=00",
                  "X-Amz-Date": "20261202T000000Z"}
        status, answer = call(url + "/endpoints/shoplens/invocations", batch, headers=signed)
        assert status == 200 and len(answer["embeddings"]) == 1
        assert call(url + "/invocations", batch, headers=signed)[0] == 404
    finally:
        srv.shutdown()
