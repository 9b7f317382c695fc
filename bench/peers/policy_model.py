"""The shipped policy in PyTorch, shared by the torch peers of bench/generate and bench/hygrpo-step.

Debian's python3-torch (1.13) comes without the safetensors package, so the file format is parsed here.

The model mirrors src/main/compute/models/policy/net.ts and the graph layers: token embedding plus a bias-free
projection of the modality features, pre-LN blocks (LayerNorm eps 1e-5; fused QKV; rotary positions in the
"rotate half" layout with base 10000, tables in float64 cast to float32; q scaled by 1/sqrt(dh) before QK^T;
tanh GELU; causal mask as an additive -1e9), final LayerNorm, LM head, and two GELU MLP heads (mu, raw Cholesky
numbers). Weights are stored [in, out]; they are transposed once to torch's [out, in] so every linear is
F.linear, as nn.Linear would run it (and so a trained peer holds its parameters in torch's own layout).
"""
import json
import math
import struct

import numpy as np
import torch
import torch.nn.functional as F

_DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """Tensors of a safetensors file (u64 LE header length, JSON header, raw little-endian data)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = np.dtype(_DTYPES[entry["dtype"]])
        arr = np.frombuffer(data, dtype=dtype, count=(end - begin) // dtype.itemsize, offset=base + begin)
        out[name] = torch.from_numpy(arr.copy().reshape(entry["shape"]))
    return out


def write_safetensors(path, tensors):
    """float32 tensors to a safetensors file (for the runner to compare with ours)."""
    header = {}
    parts = []
    offset = 0
    for name in sorted(tensors):
        b = tensors[name].detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(b)]}
        parts.append(b)
        offset += len(b)
    h = json.dumps(header).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for p in parts:
            f.write(p)


def read_config(model_dir):
    with open(model_dir + "/config.json") as f:
        cfg = json.load(f)
    return cfg.get("model", cfg)


def loaded_blas():
    """BLAS/LAPACK libraries mapped into this process: Debian's torch uses whatever libblas.so.3 points to."""
    maps = open("/proc/self/maps").read().split("\n")
    return sorted({l.split()[-1] for l in maps if "/" in l and ("blas" in l or "lapack" in l)})


class Policy:
    def __init__(self, weights, cfg):
        self.d = cfg["dim"]
        self.heads = cfg["heads"]
        self.layers = cfg["layers"]
        self.dh = self.d // self.heads
        self.min_std = cfg["minStd"]
        # Every parameter by its checkpoint name, linear weights in torch's [out, in] layout (see the module docstring).
        self.params = {}
        self.transposed = set()
        for name, t in weights.items():
            if name.endswith(".weight") and t.dim() == 2 and name != "lm.tok.weight":
                self.params[name] = t.t().contiguous()
                self.transposed.add(name)
            else:
                self.params[name] = t
        w = self.params

        def lin(prefix, bias=True):
            return (w[prefix + ".weight"], w[prefix + ".bias"] if bias else None)

        def ln(prefix):
            return (w[prefix + ".weight"], w[prefix + ".bias"])

        self.tok = w["lm.tok.weight"]
        self.modality = lin("modality", bias=False)
        self.blocks = []
        for i in range(self.layers):
            p = "lm.blocks.%d." % i
            self.blocks.append(
                dict(ln1=ln(p + "ln1"), qkv=lin(p + "attn.qkv"), proj=lin(p + "attn.proj"), ln2=ln(p + "ln2"),
                     fc1=lin(p + "mlp.0"), fc2=lin(p + "mlp.1"))
            )
        self.ln_f = ln("lm.ln_f")
        self.head = lin("lm.head")
        n_hidden = len(cfg["headHidden"])
        self.mu_head = [lin("pose_mu.%d" % i) for i in range(n_hidden + 1)]
        self.cov_head = [lin("pose_cov.%d" % i) for i in range(n_hidden + 1)] if cfg["head"] == "gaussian" else None
        half = self.dh // 2
        pos = np.arange(cfg["maxLen"], dtype=np.float64)[:, None]
        inv = np.power(10000.0, -2.0 * np.arange(half, dtype=np.float64) / self.dh)[None, :]
        self.cos = torch.from_numpy(np.cos(pos * inv).astype(np.float32))
        self.sin = torch.from_numpy(np.sin(pos * inv).astype(np.float32))
        self.causal = {}

    @staticmethod
    def load(model_dir):
        return Policy(read_safetensors(model_dir + "/model.safetensors"), read_config(model_dir))

    def trainable(self):
        """Marks every parameter as a leaf that needs a gradient; returns them (the optimiser's list)."""
        for t in self.params.values():
            t.requires_grad_(True)
        return list(self.params.values())

    def checkpoint_layout(self):
        """The parameters as the checkpoint stores them ([in, out] linear weights)."""
        return {n: (t.t() if n in self.transposed else t) for n, t in self.params.items()}

    def _rotate(self, x, cos, sin):
        half = self.dh // 2
        x1, x2 = x[..., :half], x[..., half:]
        return torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1)

    def _mlp(self, layers, x):
        for i, (wt, b) in enumerate(layers):
            x = F.linear(x, wt, b)
            if i < len(layers) - 1:
                x = F.gelu(x, approximate="tanh")
        return x

    def forward(self, ids, features, past=None):
        """ids [B, T] (int64), features [B, T, F]; past: per layer (k, v) [B, H, P, dh]. Returns logits, hidden, present."""
        B, T = ids.shape
        start = 0 if past is None else past[0][0].shape[2]
        positions = torch.arange(start, start + T)
        cos, sin = self.cos[positions], self.sin[positions]
        x = F.embedding(ids, self.tok) + F.linear(features, *self.modality)
        present = []
        for i, blk in enumerate(self.blocks):
            h = F.layer_norm(x, (self.d,), *blk["ln1"], eps=1e-5)
            q, k, v = F.linear(h, *blk["qkv"]).split(self.d, dim=-1)
            q = q.view(B, T, self.heads, self.dh).transpose(1, 2)
            k = k.view(B, T, self.heads, self.dh).transpose(1, 2)
            v = v.view(B, T, self.heads, self.dh).transpose(1, 2)
            q = self._rotate(q, cos, sin)
            k = self._rotate(k, cos, sin)
            if past is not None:
                k = torch.cat([past[i][0], k], dim=2)
                v = torch.cat([past[i][1], v], dim=2)
            scores = (q * (1.0 / math.sqrt(self.dh))) @ k.transpose(-1, -2)
            if past is None:
                if T not in self.causal:
                    self.causal[T] = torch.triu(torch.full((T, T), -1e9), diagonal=1)
                scores = scores + self.causal[T]
            y = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(B, T, self.d)
            x = x + F.linear(y, *blk["proj"])
            h = F.layer_norm(x, (self.d,), *blk["ln2"], eps=1e-5)
            x = x + F.linear(F.gelu(F.linear(h, *blk["fc1"]), approximate="tanh"), *blk["fc2"])
            present.append((k, v))
        hidden = F.layer_norm(x, (self.d,), *self.ln_f, eps=1e-5)
        return F.linear(hidden, *self.head), hidden, present

    def pose(self, h, cov_input=None):
        """mu and the raw Cholesky numbers at hidden state h; the covariance head reads `cov_input` (default h)."""
        cov_in = h if cov_input is None else cov_input
        return self._mlp(self.mu_head, h), (self._mlp(self.cov_head, cov_in) if self.cov_head else None)
