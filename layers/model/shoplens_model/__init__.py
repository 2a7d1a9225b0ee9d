"""The Python side of ShopLens's model contract: reading and checking a model directory (manifest.json and
its weights) and the reference preprocessing that the Java side reproduces. The model server, the export
tool, the layer check and the training scripts share it."""
