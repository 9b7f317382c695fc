#!/usr/bin/python3
"""PyTorch peer for bench/generate: the same policy checkpoint, prompt and G-candidate KV-cached decoding as ours.

Run with Debian's python3-torch (1.13, no safetensors package, so the file format is parsed here):
    /usr/bin/python3 bench/peers/torch_generate.py --spec SPEC.json
The spec (written by bench/generate/peer.ts) names the checkpoint directory, the prompt's token ids, the ids our
sampler fed at each decode step (so both sides run the same number of steps over the same tokens and the pose
head reads the same hidden states), G, the sampling settings, threads, warm-up and timed runs.
Prints one JSON object on stdout: per-generation times by phase, and the outputs the runner compares with ours.

The model mirrors src/main/compute/models/policy/net.ts and the graph layers: token embedding plus a bias-free
projection of the modality features, pre-LN blocks (LayerNorm eps 1e-5; fused QKV; rotary positions in the
"rotate half" layout with base 10000, tables in float64 cast to float32; q scaled by 1/sqrt(dh) before QK^T;
tanh GELU), final LayerNorm, LM head, and two GELU MLP heads (mu, raw Cholesky numbers) that the decode step
evaluates for every row, as our decode graph does. Weights are stored [in, out]; they are transposed once to
torch's [out, in] so every linear is F.linear, as nn.Linear would run it.
"""
import argparse
import json
import math
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_safetensors(path):
    """Tensors of a safetensors file (u64 LE header length, JSON header, raw little-endian data)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    base = 8 + n
    dtypes = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32}
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        arr = np.frombuffer(data, dtype=dtypes[entry["dtype"]], count=(end - begin) // np.dtype(dtypes[entry["dtype"]]).itemsize, offset=base + begin)
        out[name] = torch.from_numpy(arr.copy().reshape(entry["shape"]))
    return out


class Policy:
    def __init__(self, weights, cfg):
        self.d = cfg["dim"]
        self.heads = cfg["heads"]
        self.layers = cfg["layers"]
        self.dh = self.d // self.heads
        self.min_std = cfg["minStd"]
        w = weights

        def lin(prefix, bias=True):
            # [in, out] on disk -> [out, in] contiguous, torch's own layout for F.linear.
            return (w[prefix + ".weight"].t().contiguous(), w[prefix + ".bias"] if bias else None)

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
        x = self.tok[ids] + F.linear(features, *self.modality)
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

    def pose(self, h):
        return self._mlp(self.mu_head, h), (self._mlp(self.cov_head, h) if self.cov_head else None)


def generate(model, spec, gen):
    """One generation, timed by phase like ours: prefill, decode (forward + pose heads), host (the rest)."""
    G = spec["G"]
    temperature = spec["temperature"]
    n_feat = spec["features"]
    pose_id = spec["pose_id"]
    t0 = time.perf_counter()
    ids = torch.tensor([spec["prompt_ids"]], dtype=torch.int64)
    P = ids.shape[1]
    logits, _, present = model.forward(ids, torch.zeros(1, P, n_feat))
    t1 = time.perf_counter()
    prefill = t1 - t0
    decode = 0.0
    cache = [(k.expand(G, -1, -1, -1).contiguous(), v.expand(G, -1, -1, -1).contiguous()) for k, v in present]
    logits = logits[0, -1:].expand(G, -1)
    zeros = torch.zeros(G, 1, n_feat)
    mus = [None] * G
    raws = [None] * G
    text_logp = torch.zeros(G)
    last_mu = None
    fed = spec["fed"]
    for step in range(spec["draws"]):
        # The token draw each step, as our sampler makes it; the ids fed are ours (see the module docstring).
        if temperature > 0:
            logp = torch.log_softmax(logits / temperature, dim=-1)
            drawn = torch.multinomial(logp.exp(), 1, generator=gen)
            text_logp += logp.gather(1, drawn)[:, 0]
        else:
            logits.argmax(dim=-1)
        if step >= len(fed):
            break
        next_ids = torch.tensor(fed[step], dtype=torch.int64)
        td = time.perf_counter()
        logits, hidden, cache = model.forward(next_ids[:, None], zeros, cache)
        logits = logits[:, 0]
        mu, raw = model.pose(hidden[:, 0])
        decode += time.perf_counter() - td
        last_mu = mu
        for g in range(G):
            if fed[step][g] == pose_id and mus[g] is None:
                mus[g] = mu[g].clone()
                raws[g] = raw[g].clone() if raw is not None else None
    with_pose = [g for g in range(G) if mus[g] is not None]
    if with_pose and spec["sigma_scale"] > 0 and raws[with_pose[0]] is not None:
        # pose = mu + s * L eps per joint (3x3 lower-triangular L: softplus diagonal + min std, off-diagonals as is).
        mu = torch.stack([mus[g] for g in with_pose]).double()
        raw = torch.stack([raws[g] for g in with_pose]).double().view(len(with_pose), 22, 6)
        diag = F.softplus(raw[..., :3]) + model.min_std
        L = torch.diag_embed(diag)
        L[..., 1, 0] = raw[..., 3]
        L[..., 2, 0] = raw[..., 4]
        L[..., 2, 1] = raw[..., 5]
        eps = torch.randn(len(with_pose), 22, 3, generator=gen, dtype=torch.float64)
        _ = mu + spec["sigma_scale"] * (L @ eps[..., None])[..., 0].reshape(len(with_pose), 66)
    total = time.perf_counter() - t0
    return (
        dict(total_ms=1e3 * total, prefill_ms=1e3 * prefill, decode_ms=1e3 * decode, host_ms=1e3 * (total - prefill - decode)),
        dict(mus=mus, last_mu=last_mu),
    )


def loaded_blas():
    maps = open("/proc/self/maps").read().split("\n")
    return sorted({l.split()[-1] for l in maps if "/" in l and ("blas" in l or "lapack" in l)})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    args = ap.parse_args()
    with open(args.spec) as f:
        spec = json.load(f)
    torch.set_num_threads(spec["threads"])
    with open(spec["model_dir"] + "/config.json") as f:
        cfg = json.load(f)
    cfg = cfg.get("model", cfg)
    model = Policy(read_safetensors(spec["model_dir"] + "/model.safetensors"), cfg)
    gen = torch.Generator().manual_seed(spec["seed"])
    times = []
    with torch.inference_mode():
        ids = torch.tensor([spec["prompt_ids"]], dtype=torch.int64)
        prefill_logits = model.forward(ids, torch.zeros(1, ids.shape[1], spec["features"]))[0][0, -1]
        for _ in range(spec["warmup"]):
            generate(model, spec, gen)
        for _ in range(spec["runs"]):
            t, outputs = generate(model, spec, gen)
            times.append(t)
    print(json.dumps(dict(
        peer="torch",
        torch=torch.__version__,
        blas=loaded_blas(),
        threads=torch.get_num_threads(),
        runs=len(times),
        times={k: [t[k] for t in times] for k in ("total_ms", "prefill_ms", "decode_ms", "host_ms")},
        prefill_last_logits=prefill_logits.tolist(),
        mus=[m.tolist() if m is not None else None for m in outputs["mus"]],
        last_step_mu=outputs["last_mu"].reshape(-1).tolist() if outputs["last_mu"] is not None else None,
    )))


if __name__ == "__main__":
    main()
