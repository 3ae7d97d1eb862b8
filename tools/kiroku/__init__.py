"""Kiroku (記録): archive, analyse, annotate and publish language-model transcripts."""

import os as _os

__version__ = "0.1.0"

# numpy (which pyarrow and scipy import) starts one OpenBLAS thread per core, and they spin
# while it loads: about 0.1 s of CPU per Kiroku command on two cores, for linear algebra
# Kiroku never does. One thread, unless the person running Kiroku chose otherwise.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
