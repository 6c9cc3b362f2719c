"""The shipped ONNX models, loaded in one place: :func:`session` makes every inference
session (on the CPU, an operator on ``threads`` threads, one graph at a time), and
:func:`load_folder` reads a model folder with its tokenizer and card. How many threads is
:func:`saidwho.settings.model_threads`'s policy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from saidwho.errors import ModelError

# Where the shipped models live: one folder per model (tagger, stance, encoder).
MODELS = Path(__file__).resolve().parent / "models"


def session(path: Path, *, threads: int, rebuild: str) -> Any:
    """An ONNX Runtime session for the graph at ``path``; ``rebuild`` is the command that
    remakes it, named in the error when the graph is missing."""
    import onnxruntime as ort

    if not path.is_file():
        raise ModelError(
            f"{path.parent}: no {path.name} here. Reinstall saidwho, or rebuild the model with: {rebuild}"
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def load_folder(
    model_dir: Path, graph: str, *, threads: int, rebuild: str
) -> tuple[Any, Any, dict[str, Any]]:
    """A model folder's session for ``graph``, its tokenizer (no truncation, no padding)
    and its card (``model.json``)."""
    from tokenizers import Tokenizer

    found = session(model_dir / graph, threads=threads, rebuild=rebuild)
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    card = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    return found, tokenizer, card
