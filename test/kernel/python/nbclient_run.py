"""Executes a notebook with nbclient (allow_errors=True) on the Kazami kernel.

usage: nbclient_run.py IN.ipynb OUT.ipynb
The kernel runs in the notebook's folder. Used by test/kernel/nbclient.test.ts.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient

src, dst = sys.argv[1], sys.argv[2]
nb = nbformat.read(src, as_version=4)
client = NotebookClient(
    nb,
    kernel_name="kazami",
    allow_errors=True,
    timeout=120,
    resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
)
client.execute()
nbformat.write(nb, dst)
