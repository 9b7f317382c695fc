#!/usr/bin/python3
"""PyTorch peer for bench/train-step: the same models, loss and optimiser as ours, timed the same way.

Run with Debian's python3-torch: /usr/bin/python3 bench/peers/torch_train_step.py --config a --threads 2
Prints one JSON object on stdout.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    # 4-layer pre-LN transformer LM
    "a": dict(kind="lm", layers=4, d=256, heads=4, seq=64, batch=32, vocab=512, mlp=4),
    "b": dict(kind="lm", layers=4, d=256, heads=4, seq=32, batch=4, vocab=512, mlp=4),
    # 3-layer MLP regression
    "c": dict(kind="mlp", sizes=[128, 512, 512, 66], batch=256),
}
LR, WD, CLIP = 3e-4, 0.01, 1.0


class Block(nn.Module):
    def __init__(self, d, heads, mlp):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, mlp * d)
        self.fc2 = nn.Linear(mlp * d, d)

    def forward(self, x, mask):
        b, s, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        q = q.view(b, s, h, d // h).transpose(1, 2)
        k = k.view(b, s, h, d // h).transpose(1, 2)
        v = v.view(b, s, h, d // h).transpose(1, 2)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(d // h))
        att = att.masked_fill(mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, s, d)
        x = x + self.proj(y)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class LM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.tok = nn.Embedding(c["vocab"], c["d"])
        self.pos = nn.Embedding(c["seq"], c["d"])
        self.blocks = nn.ModuleList(Block(c["d"], c["heads"], c["mlp"]) for _ in range(c["layers"]))
        self.ln = nn.LayerNorm(c["d"])
        self.head = nn.Linear(c["d"], c["vocab"])
        s = c["seq"]
        self.register_buffer("mask", torch.triu(torch.ones(s, s, dtype=torch.bool), diagonal=1))

    def forward(self, ids):
        x = self.tok(ids) + self.pos.weight[: ids.shape[1]]
        for blk in self.blocks:
            x = blk(x, self.mask)
        return self.head(self.ln(x))


class MLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.gelu(x, approximate="tanh")
        return x


def make(config, seed):
    c = CONFIGS[config]
    g = torch.Generator().manual_seed(seed)
    if c["kind"] == "lm":
        model = LM(c)
        ids = torch.randint(0, c["vocab"], (c["batch"], c["seq"] + 1), generator=g)
        inputs, targets = ids[:, :-1].contiguous(), ids[:, 1:].contiguous()

        def loss_fn():
            logits = model(inputs)
            return F.cross_entropy(logits.reshape(-1, c["vocab"]), targets.reshape(-1))

        clip = CLIP
    else:
        model = MLP(c["sizes"])
        x = torch.randn(c["batch"], c["sizes"][0], generator=g)
        y = torch.randn(c["batch"], c["sizes"][-1], generator=g)

        def loss_fn():
            return F.mse_loss(model(x), y)

        clip = None
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WD)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn()
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        return float(loss)

    return c, model, step


def blas_libraries():
    """Shared BLAS/LAPACK libraries mapped into this process: Debian's torch uses whatever libblas.so.3 points to."""
    found = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if "/" in line else ""
                name = path.rsplit("/", 1)[-1]
                if "blas" in name or "lapack" in name or "mkl" in name:
                    found.add(path)
    except OSError:
        pass
    return sorted(found)


def matmul_peak(sizes, runs):
    """Best-of-runs float32 torch.mm throughput per size (GFLOP/s, 2·n³ per product): the peer's BLAS ceiling."""
    out = []
    for n in sizes:
        # Same protocol as ours (bench/train-step/peak.ts): a chain of products c = c @ b per timed run.
        chain = min(64, max(2, math.ceil(2e9 / (2 * n ** 3))))
        a = torch.rand(n, n) - 0.5
        b = (torch.rand(n, n) - 0.5) * math.sqrt(12 / n)  # variance 1/n: chained products keep their scale
        with torch.no_grad():
            for _ in range(2):
                torch.mm(a, b)
            best = float("inf")
            for _ in range(runs):
                t0 = time.perf_counter()
                c = a
                for _ in range(chain):
                    c = torch.mm(c, b)
                float(c.sum())
                best = min(best, (time.perf_counter() - t0) / chain)
        out.append({"n": n, "best_ms": best * 1000, "gflops": 2 * n ** 3 / best / 1e9})
    return out


def gemm_shapes(spec, runs):
    """Median torch.mm time per "MxKxNxAB" shape (A, B = 1 where that operand is a transposed view)."""
    out = []
    with torch.no_grad():
        for item in spec.split(","):
            m, k, n, flags = item.split("x")
            m, k, n = int(m), int(k), int(n)
            a = torch.rand(k, m).t() if flags[0] == "1" else torch.rand(m, k)
            b = torch.rand(n, k).t() if flags[1] == "1" else torch.rand(k, n)
            for _ in range(3):
                torch.mm(a, b)
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                torch.mm(a, b)
                times.append(time.perf_counter() - t0)
            out.append({"shape": item, "median_ms": statistics.median(times) * 1000})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", choices=sorted(CONFIGS))
    ap.add_argument("--matmul-peak", help="comma-separated sizes: measure torch.mm throughput instead of a config")
    ap.add_argument("--gemm-shapes", help="comma-separated MxKxNxAB shapes: time torch.mm at each")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--profile", action="store_true", help="print torch.profiler's op table for the timed steps (stderr)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    if a.matmul_peak:
        sizes = [int(x) for x in a.matmul_peak.split(",")]
        print(json.dumps({"peer": "torch", "torch": torch.__version__, "blas": blas_libraries(),
                          "threads": torch.get_num_threads(), "sizes": matmul_peak(sizes, a.runs)}))
        return
    if a.gemm_shapes:
        print(json.dumps({"peer": "torch", "torch": torch.__version__, "shapes": gemm_shapes(a.gemm_shapes, a.runs)}))
        return
    if not a.config:
        ap.error("--config or --matmul-peak is required")
    c, model, step = make(a.config, a.seed)
    first = None
    for _ in range(a.warmup):
        loss = step()
        first = loss if first is None else first
    if a.profile:
        import sys
        from torch.profiler import ProfilerActivity, profile
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(a.steps):
                step()
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=25), file=sys.stderr)
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - t0)
        first = loss if first is None else first
    med = statistics.median(times)
    print(json.dumps({
        "peer": "torch",
        "torch": torch.__version__,
        "blas": blas_libraries(),
        "config": a.config,
        "threads": torch.get_num_threads(),
        "batch": c["batch"],
        "params": sum(p.numel() for p in model.parameters()),
        "step_ms": [t * 1000 for t in times],
        "median_step_ms": med * 1000,
        "samples_per_s": c["batch"] / med,
        "first_loss": first,
        "last_loss": loss,
    }))


if __name__ == "__main__":
    main()
