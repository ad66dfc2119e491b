"""OCR inference on OpenVINO: the models rapidocr ships (PP-OCRv4 ONNX), run by Intel's runtime.

rapidocr-onnxruntime keeps doing what it does around inference (image preparation, text box
finding, CTC decoding); only its two model sessions are replaced. On the same models, and on
one thread, OpenVINO's CPU plugin reads a page about three times faster than onnxruntime: it
fuses the recognition model's chains of small operations and, on processors that have them,
computes in bfloat16 with AMX (its own default there).

Every new input shape costs the plugin a compilation, so recognition inputs are padded on the
right to a multiple of :data:`WIDTH_STEP` pixels (the padding is zeros, the value rapidocr
itself pads lines with) and the model's output is cut back to the time steps of the unpadded
line, which is what rapidocr's decoder expects.
"""

from __future__ import annotations

from typing import Any

WIDTH_STEP = 32  # pixels: recognition widths are padded to a multiple of this


def rec_steps(width: int) -> int:
    """Time steps the PP-OCRv4 recognition model gives a line ``width`` pixels wide (its
    convolutions reduce the width eightfold; tests compare this with OpenVINO's shape inference)."""
    return (width + 3) // 8


def available() -> bool:
    try:
        import openvino  # noqa: F401
    except ImportError:
        return False
    return True


class Session:
    """One compiled model, called like rapidocr's own session: ``session(batch) -> [output]``."""

    def __init__(self, model_path: str, threads: int = 0, *, pad_width: bool = False) -> None:
        import openvino as ov

        # no pinning: each process of a pool would pin its thread to the same first core
        config: dict[str, Any] = {"PERFORMANCE_HINT": "LATENCY", "ENABLE_CPU_PINNING": False}
        if threads > 0:
            config["INFERENCE_NUM_THREADS"] = threads
        self.compiled = ov.Core().compile_model(model_path, "CPU", config)
        self.request = self.compiled.create_infer_request()
        self.pad_width = pad_width

    @property
    def precision(self) -> str:
        """The precision the plugin computes in (``bf16`` or ``f32``)."""
        return str(self.compiled.get_property("INFERENCE_PRECISION_HINT").to_string())

    def __call__(self, batch: Any) -> list[Any]:
        import numpy as np

        width = int(batch.shape[3])
        padded = -(-width // WIDTH_STEP) * WIDTH_STEP if self.pad_width else width
        if padded > width:
            batch = np.pad(batch, ((0, 0), (0, 0), (0, 0), (0, padded - width)))
        out = self.request.infer({0: np.ascontiguousarray(batch)}, share_inputs=True)[0]
        if padded > width:
            out = out[:, : rec_steps(width)]
        return [out.copy()]  # the request reuses its output buffer


def model_paths() -> dict[str, str]:
    """The detection and recognition models inside rapidocr's wheel: ``{"Det": path, "Rec": path}``."""
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml, update_model_path

    cfg = update_model_path(read_yaml(DEFAULT_CFG_PATH))
    return {k: str(cfg[k]["model_path"]) for k in ("Det", "Rec")}


def install(engine: Any, threads: int = 0) -> None:
    """Make a ``RapidOCR`` engine run its detection and recognition models on OpenVINO."""
    paths = model_paths()
    engine.text_det.infer = Session(paths["Det"], threads)
    engine.text_rec.session = Session(paths["Rec"], threads, pad_width=True)
