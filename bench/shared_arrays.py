"""Reads the arrays a bench entry's TypeScript side wrote for its twin (bench/lib/shared-arrays.ts):
out/bench/<entry>.shared.json (names, shapes, dtypes, byte offsets) and out/bench/<entry>.shared.bin."""
import json
import os

import numpy as np


def read_shared(entry):
    """{name: numpy array} of the arrays out/bench/<entry>.shared.* holds (run the TypeScript side first)."""
    header = os.path.join("out", "bench", f"{entry}.shared.json")
    if not os.path.exists(header):
        raise FileNotFoundError(f"{header} is missing: the TypeScript side of {entry} writes it (bash bench/run.sh {entry} runs it first)")
    with open(header) as f:
        meta = json.load(f)
    raw = open(os.path.join(os.path.dirname(header), meta["bin"]), "rb").read()
    out = {}
    for a in meta["arrays"]:
        dtype = np.dtype(a["dtype"]).newbyteorder("<")
        out[a["name"]] = np.frombuffer(raw, dtype=dtype, count=a["length"], offset=a["offset"]).reshape(a["shape"]).copy()
    return out
