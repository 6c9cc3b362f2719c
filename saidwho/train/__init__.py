"""Rebuilds the shipped models (``saidwho/models/``) from ``../shared/data``, one command each:
``saidwho train tagger|stance|encoder`` (needs the ``[train]`` extra).

- :mod:`.tagger`: the attribution tagger, fine-tuned on PolNeAR;
- :mod:`.stance`: the stance model, on FNC-1, Emergent and the speaker-stance gold;
- :mod:`.encoder`: the sentence encoder behind claim grouping (exported, not trained).

Each writes its folder through :func:`.export.write_folder`: ONNX with eager attention, int8
weights, the tokenizer and card beside it, swapped in whole.
"""
