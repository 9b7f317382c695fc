#!/usr/bin/python3
"""PyTorch peer for bench/generate: the same policy checkpoint, prompt and G-candidate KV-cached decoding as ours.

Run with Debian's python3-torch:
    /usr/bin/python3 bench/peers/torch_generate.py --spec SPEC.json
The spec (written by bench/generate/peer.ts) names the checkpoint directory, the prompt's token ids, the ids our
sampler fed at each decode step (so both sides run the same number of steps over the same tokens and the pose
head reads the same hidden states), G, the sampling settings, threads, warm-up and timed runs.
Prints one JSON object on stdout: per-generation times by phase, and the outputs the runner compares with ours.

The model (the shipped architecture, read from model.safetensors + config.json) is bench/peers/policy_model.py,
shared with the HyGRPO-step peer. The decode step evaluates both pose heads for every row, as our decode graph does.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

from policy_model import Policy, loaded_blas


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    args = ap.parse_args()
    with open(args.spec) as f:
        spec = json.load(f)
    torch.set_num_threads(spec["threads"])
    model = Policy.load(spec["model_dir"])
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
