#!/bin/sh
# Installs what the train-step benchmark's PyTorch peer needs on Debian: python3-torch and numpy, plus the
# OpenMP build of OpenBLAS. Debian's torch is built against the generic libblas.so.3, so without an optimised
# BLAS selected it falls back to reference BLAS and its matrix products are several times slower, which
# would make the comparison meaningless. `npm run bench:train-step` prints which BLAS the peer loaded.
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends python3-torch python3-numpy libopenblas0-openmp
# Installing libopenblas0-openmp registers it (priority 95) for libblas.so.3/liblapack.so.3; make sure the
# alternatives are in auto mode so it is the one selected.
arch="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
for lib in libblas.so.3 liblapack.so.3; do
  $SUDO update-alternatives --auto "$lib-$arch" || true
done
/usr/bin/python3 - <<'PY'
import torch
maps = open("/proc/self/maps").read().split("\n")
libs = sorted({l.split()[-1] for l in maps if "/" in l and ("blas" in l or "lapack" in l)})
print("torch", torch.__version__, "BLAS:", ", ".join(libs) or "none mapped")
PY
