"""The references `shoplens bench` prints its own figures against, measured in the same run: libjpeg-turbo's
DCT-scaled decode as Pillow runs it (draft mode), the CPU's FP32 peak as a GEMM reaches it (NumPy's BLAS),
and the model's FLOPs per image counted from its ONNX graph. Prints one JSON object.

Usage: python scripts/bench_reference.py --jpeg PHOTO --side 128 --model MODEL_DIR/model.onnx [--threads N]
"""
import argparse
import io
import json
import os
import statistics
import time


def median_ms(work, runs):
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def pillow_scaled_decode_ms(jpeg_path, side, runs=9):
    from PIL import Image
    data = open(jpeg_path, "rb").read()

    def decode():
        image = Image.open(io.BytesIO(data))
        image.draft("RGB", (side * 2, side * 2))  # libjpeg-turbo picks the deepest DCT scale above this
        image.convert("RGB").resize((side, side), Image.BILINEAR)

    return median_ms(decode, runs)


def gemm_gflops(threads, n=1024, runs=7):
    import numpy as np
    a = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
    b = np.random.default_rng(2).standard_normal((n, n), dtype=np.float32)
    ms = median_ms(lambda: a @ b, runs)
    return 2 * n ** 3 / (ms / 1000) / 1e9


def model_flops(onnx_path):
    """Multiply-adds of Conv, ConvTranspose, Gemm and MatMul at batch 1, counted as 2 FLOPs each."""
    import onnx
    from onnx import shape_inference
    model = onnx.load(onnx_path)
    for value in model.graph.input:
        dims = value.type.tensor_type.shape.dim
        if dims and not dims[0].dim_value:
            dims[0].dim_value = 1
    model = shape_inference.infer_shapes(model)
    shapes = {}
    for value in list(model.graph.input) + list(model.graph.value_info) + list(model.graph.output):
        shapes[value.name] = [d.dim_value for d in value.type.tensor_type.shape.dim]
    for init in model.graph.initializer:
        shapes[init.name] = list(init.dims)
    flops = 0
    for node in model.graph.node:
        out = shapes.get(node.output[0])
        if not out:
            continue
        if node.op_type in ("Conv", "ConvTranspose"):
            weight = shapes[node.input[1]]  # (out, in/groups, kH, kW)
            per_output = 1
            for d in weight[1:]:
                per_output *= d
            size = 1
            for d in out:
                size *= d
            flops += 2 * size * per_output
        elif node.op_type in ("Gemm", "MatMul"):
            a = shapes.get(node.input[0])
            size = 1
            for d in out:
                size *= d
            flops += 2 * size * (a[-1] if a else 0)
    return flops


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jpeg", required=True)
    parser.add_argument("--side", type=int, required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    # BLAS reads its thread count when NumPy loads: the GEMM uses the threads the model uses
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    out = {}
    for key, work in (("pillowScaledDecodeMs", lambda: pillow_scaled_decode_ms(args.jpeg, args.side)),
                      ("gemmGflops", lambda: gemm_gflops(args.threads)),
                      ("modelFlops", lambda: model_flops(args.model))):
        try:
            out[key] = work()
        except Exception as e:  # each reference is independent: report what failed and go on
            out[key + "Error"] = f"{type(e).__name__}: {e}"
    print(json.dumps(out))


if __name__ == "__main__":
    main()
