#!/usr/bin/python3
"""PyTorch peer for bench/hygrpo-step: one HyGRPO update (forward, loss, backward, global-norm clip, AdamW) of the
shipped policy on the batch our rollout produced, timed per step.

Run with Debian's python3-torch: /usr/bin/python3 bench/peers/torch_hygrpo_step.py --spec SPEC.json
The spec (written by bench/hygrpo-step/peer.ts) names the checkpoint directory, the safetensors file of the update's
feeds (exactly the tensors our compiled step is fed: ids, features, targets, pose_mask, answer_mask, old_logp,
ref_logp, adv_text, pose_x, old_pose_logp, ref_mu, ref_diag, ref_off, sigma_scale, pose_valid, adv_pose), the loss
and optimiser options of the HyGRPO config, the learning rate of each step, threads, warm-up and timed steps.
Prints one JSON object on stdout: the first step's loss, gradient norm and diagnostics (from the checkpoint's
weights, as ours), per-step times, and optionally writes the weights and Adam's first moments after that first step
for the runner to compare.

The objective is src/main/compute/rl/loss.ts written the way a PyTorch user would: maximised
J = S_text - b_text*KL_text + S_pose - b_pose*KL_pose, the loss is -J.
- token log-probs: -cross_entropy(logits / temperature) at the targets;
- S_text: min(r*F, clip(r, 1 - lo, 1 + hi)*F) per answer token, r = exp(logp - old) (0 log-ratio off the answer),
  averaged over all answer tokens; KL_text: k3 = exp(d) - d - 1, d = clamp(ref - logp, +-c_kl), same average;
- pose head at <POSE> (hidden state picked by the one-hot pose_mask); the covariance head reads a detached copy
  of it, as our update does; Cholesky blocks diag = softplus(raw[:3]) + minStd, off = raw[3:] = (L10, L20, L21);
- S_pose: per sample, r = exp(clamp(log N(x; mu, s^2 Sigma) - old, +-c_pose)) over the valid rows (V);
  KL_pose: exact KL(N(mu, Sigma) || N(mu_ref, Sigma_ref)) over V.
The Gaussian terms use torch.linalg.solve_triangular on the 3x3 blocks (ours unrolls the forward substitution into
elementwise ops): an independent formulation, so agreement checks the algebra as well as the code.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

from policy_model import Policy, loaded_blas, read_config, read_safetensors, write_safetensors

JOINTS = 22
LOG_2PI = math.log(2 * math.pi)


def masked_average(x, w):
    """sum(x*w) / max(sum(w), 1): 0, not NaN, when nothing is selected (as ours)."""
    return (x * w).sum() / torch.clamp(w.sum(), min=1.0)


def clipped_surrogate(ratio, adv, lo, hi):
    surrogate = torch.minimum(ratio * adv, torch.clamp(ratio, 1 - lo, 1 + hi) * adv)
    clipped = ((adv > 0) & (ratio > 1 + hi)) | ((adv < 0) & (ratio < 1 - lo))
    return surrogate, clipped.to(ratio.dtype)


def lower_triangular(diag, off):
    """[..., J, 3] diagonal and (L10, L20, L21) -> [..., J, 3, 3] lower-triangular blocks."""
    a, c, f = diag.unbind(-1)
    b, d, e = off.unbind(-1)
    z = torch.zeros_like(a)
    return torch.stack([torch.stack([a, z, z], -1), torch.stack([b, c, z], -1), torch.stack([d, e, f], -1)], -2)


def gaussian_log_density(mu, L, log_diag_sum, x, scale):
    """log N(x; mu, s^2 L L^T) per row; mu, x [B, 3J], L [B, J, 3, 3], scale [B]."""
    k = mu.shape[-1]
    r = (x - mu).view(*mu.shape[:-1], JOINTS, 3, 1)
    z = torch.linalg.solve_triangular(L, r, upper=False)
    quad = z.square().sum(dim=(-3, -2, -1))
    return -0.5 * quad / scale.square() - log_diag_sum - k * torch.log(scale) - 0.5 * k * LOG_2PI


def gaussian_kl(mu0, L0, log_diag0, mu1, L1, log_diag1):
    """KL(N(mu0, L0 L0^T) || N(mu1, L1 L1^T)) per row, block-diagonal."""
    k = mu0.shape[-1]
    trace = torch.linalg.solve_triangular(L1, L0, upper=False).square().sum(dim=(-3, -2, -1))
    r = (mu1 - mu0).view(*mu0.shape[:-1], JOINTS, 3, 1)
    quad = torch.linalg.solve_triangular(L1, r, upper=False).square().sum(dim=(-3, -2, -1))
    return 0.5 * (trace + quad - k) + log_diag1 - log_diag0


def hygrpo_loss(model, b, o):
    """The loss and its diagnostics (names as hygrpoMetrics) on batch b."""
    logits, hidden, _ = model.forward(b["ids"], b["features"])
    B, T, V = logits.shape
    scaled = logits if o["temperature"] == 1 else logits / o["temperature"]
    logp = -F.cross_entropy(scaled.reshape(B * T, V), b["targets"].reshape(B * T), reduction="none").view(B, T)
    mask = b["answer_mask"]
    on = mask > 0
    zero = logp.new_zeros(())
    ratio = torch.exp(torch.where(on, logp - b["old_logp"], zero))
    sur, clipped = clipped_surrogate(ratio, b["adv_text"][:, None], o["clip_low"], o["clip_high"])
    text_surrogate = masked_average(sur, mask)
    delta = torch.clamp(torch.where(on, b["ref_logp"] - logp, zero), -o["kl_clamp"], o["kl_clamp"])
    kl_text = masked_average(torch.exp(delta) - delta - 1, mask)
    objective = text_surrogate - o["beta_text"] * kl_text
    m = dict(text_surrogate=text_surrogate, kl_text=kl_text, clip_frac_text=masked_average(clipped, mask),
             ratio_text=masked_average(ratio, mask))
    if not o["plain_grpo"]:
        h = (hidden * b["pose_mask"][..., None]).sum(dim=1)
        mu, raw = model.pose(h, h.detach())
        raw = raw.view(B, JOINTS, 6)
        diag = F.softplus(raw[..., :3]) + model.min_std
        L = lower_triangular(diag, raw[..., 3:])
        log_diag = torch.log(diag).sum(dim=(-2, -1))
        valid_w = b["pose_valid"]
        valid = valid_w > 0
        c = o["pose_clamp"]
        raw_ratio = gaussian_log_density(mu, L, log_diag, b["pose_x"], b["sigma_scale"]) - b["old_pose_logp"]
        pose_ratio = torch.exp(torch.where(valid, torch.clamp(raw_ratio, -c, c), zero))
        psur, pclipped = clipped_surrogate(pose_ratio, b["adv_pose"], o["clip_low"], o["clip_high"])
        pose_surrogate = masked_average(psur, valid_w)
        L_ref = lower_triangular(b["ref_diag"], b["ref_off"])
        kl = gaussian_kl(mu, L, log_diag, b["ref_mu"], L_ref, torch.log(b["ref_diag"]).sum(dim=(-2, -1)))
        kl_pose = masked_average(torch.where(valid, kl, zero), valid_w)
        objective = objective + pose_surrogate - o["beta_pose"] * kl_pose
        m.update(pose_surrogate=pose_surrogate, kl_pose=kl_pose, clip_frac_pose=masked_average(pclipped, valid_w),
                 ratio_pose=masked_average(pose_ratio, valid_w),
                 clamp_frac_pose=masked_average(((raw_ratio > c) | (raw_ratio < -c)).to(raw_ratio.dtype), valid_w))
    return -objective, m


def make_step(model, batch, o):
    params = model.trainable()
    # Decay as ours decides by default (rank >= 2: weight matrices and the embedding, not biases or norm gains).
    groups = [dict(params=[p for p in params if p.dim() >= 2], weight_decay=o["weight_decay"]),
              dict(params=[p for p in params if p.dim() < 2], weight_decay=0.0)]
    opt = torch.optim.AdamW(groups, lr=o["lrs"][0], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                            foreach=o["foreach"])
    n = [0]

    def step():
        lr = o["lrs"][min(n[0], len(o["lrs"]) - 1)]
        for g in opt.param_groups:
            g["lr"] = lr
        opt.zero_grad(set_to_none=True)
        loss, metrics = hygrpo_loss(model, batch, o)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(params, o["clip_norm"])
        opt.step()
        n[0] += 1
        return float(loss), float(norm), metrics

    step.optimizer = opt
    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    a = ap.parse_args()
    with open(a.spec) as f:
        spec = json.load(f)
    torch.set_num_threads(spec["threads"])
    model = Policy(read_safetensors(spec["weights"]), read_config(spec["model_dir"])) if spec.get("weights") else Policy.load(spec["model_dir"])
    batch = read_safetensors(spec["batch"])
    step = make_step(model, batch, spec["options"])
    # The first step starts from the checkpoint's weights, as ours did: its numbers are the parity check.
    t0 = time.perf_counter()
    loss, norm, metrics = step()
    first_ms = 1e3 * (time.perf_counter() - t0)
    first = dict(loss=loss, grad_norm=norm, metrics={k: float(v) for k, v in metrics.items()}, ms=first_ms)
    if spec.get("weights_out"):
        # The weights and Adam's first moment (0.1 x the clipped gradient after one step), in the checkpoint's layout.
        with torch.no_grad():
            out = model.checkpoint_layout()
            for name, t in model.params.items():
                m = step.optimizer.state[t]["exp_avg"]
                out[name + "::m"] = m.t() if name in model.transposed else m
            write_safetensors(spec["weights_out"], out)
    for _ in range(spec["warmup"]):
        step()
    times = []
    for _ in range(spec["runs"]):
        t0 = time.perf_counter()
        step()
        times.append(1e3 * (time.perf_counter() - t0))
    print(json.dumps(dict(peer="torch", torch=torch.__version__, blas=loaded_blas(), threads=torch.get_num_threads(),
                          params=sum(p.numel() for p in model.params.values()), first=first, step_ms=times)))


if __name__ == "__main__":
    main()
