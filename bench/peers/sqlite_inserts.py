"""Peer for bench/storage: the studio's storage workloads through Python's sqlite3 module.

    /usr/bin/python3 bench/peers/sqlite_inserts.py --dir <empty dir> --schema <001_init SQL file> --spec '<JSON>'

Same tables and indexes (the studio's migration SQL, passed in by the benchmark), the same INSERT / upsert
statements as the studio's repositories, the same pragmas (WAL, synchronous NORMAL, foreign keys on, and
better-sqlite3's compiled-in 16 MB page cache) and the same transaction batching. Explicit BEGIN/COMMIT
(isolation_level=None) so the batching is exactly what we ask for. Ids are uuid4 strings and timestamps
ISO-8601 UTC, made inside the timed loop as the studio's repositories make theirs.

The "+reads" variants also run the SELECTs the studio's repositories run to return what they wrote
(createWithCandidates reads back the generation and each candidate; sessions.create reads the session
back with its edit count), so the ratio can be split into binding cost and API cost.

Prints one JSON line (the benchmark's SideReport).
"""

import argparse
import json
import os
import random
import resource
import sqlite3
import sys
import time
import uuid
from array import array
from datetime import datetime, timezone

METRIC_NAMES = [
    "loss", "policy_loss", "kl", "entropy", "grad_norm", "lr", "reward/semantic", "reward/plausibility",
    "reward/total", "reward/std", "advantage/mean", "advantage/std", "sigma/mean", "sigma/min", "sigma/max",
    "log_prob/mean", "clip_fraction", "ratio/mean", "samples_per_s", "step_ms",
]

PUT_METRIC = (
    "INSERT INTO run_metrics (run_id, step, name, value, recorded_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (run_id, name, step) DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at"
)
INSERT_GEN = (
    "INSERT INTO generations (id, session_id, prompt, model_id, model, seed, settings, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_CAND = (
    "INSERT INTO candidates (id, generation_id, idx, answer, pose, mu, sigma, text_log_prob, pose_log_prob, "
    "format_valid, rewards, rank, picked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
GEN_BY_ID = "SELECT * FROM generations WHERE id = ?"
CAND_BY_ID = "SELECT * FROM candidates WHERE id = ?"
UPSERT_FRAME = (
    "INSERT INTO frame_estimates (video_id, frame, time_s, pose, sigma, landmarks, confidence, flagged) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (video_id, frame) DO UPDATE SET time_s = excluded.time_s, pose = excluded.pose, "
    "sigma = excluded.sigma, landmarks = excluded.landmarks, confidence = excluded.confidence, "
    "flagged = excluded.flagged"
)
INSERT_SESSION = (
    "INSERT INTO sessions (id, name, kind, pose, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
)
SESSION_BY_ID = (
    "SELECT s.id, s.name, s.kind, s.pose, s.created_at, s.updated_at, "
    "(SELECT count(*) FROM edits e WHERE e.session_id = s.id) AS edit_count FROM sessions s WHERE s.id = ?"
)


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id():
    return str(uuid.uuid4())


def f32_pool(count, n):
    return [array("f", (random.uniform(-1, 1) for _ in range(n))).tobytes() for _ in range(count)]


def open_db(path, schema):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA foreign_keys = ON")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise RuntimeError(f"journal_mode is {mode}")
    db.execute("PRAGMA synchronous = NORMAL")
    # better-sqlite3 is compiled with SQLITE_DEFAULT_CACHE_SIZE=-16000; give the peer the same cache.
    db.execute("PRAGMA cache_size = -16000")
    db.executescript(schema)
    return db


def with_db(root, name, schema, fn):
    path = os.path.join(root, name, "studio.sqlite")
    db = open_db(path, schema)
    try:
        result = fn(db)
    finally:
        db.close()
    result["fileBytes"] = os.path.getsize(path)
    return result


def metrics(db, spec):
    run_id = new_id()
    t = now_iso()
    db.execute(
        "INSERT INTO training_runs (id, name, algorithm, base_model_id, config, seed, versions, created_at, "
        "updated_at) VALUES (?, 'bench', 'hygrpo', NULL, '{\"lr\":0.00001}', 1, '{}', ?, ?)",
        (run_id, t, t),
    )
    names = METRIC_NAMES[: spec["metricsPerStep"]]
    steps = spec["metricSteps"]
    t0, c0 = time.perf_counter(), time.process_time()
    for step in range(steps):
        now = now_iso()
        db.execute("BEGIN")
        for name in names:
            db.execute(PUT_METRIC, (run_id, step, name, random.random(), now))
        db.execute("COMMIT")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"id": "metrics", "rows": steps * len(names), "extraRows": 0, "transactions": steps, "seconds": seconds, "cpuSeconds": cpu}


def candidates(db, spec, reads):
    session_id = new_id()
    t = now_iso()
    db.execute(INSERT_SESSION, (session_id, "bench", "generate", None, t, t))
    pool = spec["pool"]
    poses = f32_pool(pool, spec["poseFloats"])
    mus = f32_pool(pool, spec["poseFloats"])
    sigmas = f32_pool(pool, spec["sigmaFloats"])
    G = spec["candidatesPerGeneration"]
    gens = spec["generations"]
    settings = json.dumps({"G": G, "temperature": 1, "sigmaScale": 1}, separators=(",", ":"))
    k = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for g in range(gens):
        db.execute("BEGIN")
        gen_id = new_id()
        db.execute(
            INSERT_GEN,
            (gen_id, session_id, "a person kneeling on one knee, arms raised", None, "pose-rft-base", g, settings,
             now_iso()),
        )
        ids = []
        for i in range(G):
            j = k % pool
            k += 1
            cid = new_id()
            rewards = json.dumps(
                {"semantic": random.random(), "plausibility": random.random(), "total": random.random()},
                separators=(",", ":"),
            )
            db.execute(
                INSERT_CAND, (cid, gen_id, i, '', poses[j], mus[j], sigmas[j], None, -50 * random.random(), 1, rewards, None, 0)
            )
            ids.append(cid)
        if reads:
            for cid in ids:
                db.execute(CAND_BY_ID, (cid,)).fetchone()
            db.execute(GEN_BY_ID, (gen_id,)).fetchone()
        db.execute("COMMIT")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "id": "candidates+reads" if reads else "candidates",
        "rows": gens * G,
        "extraRows": gens,
        "transactions": gens,
        "seconds": seconds,
        "cpuSeconds": cpu,
    }


def frames(db, spec):
    t = now_iso()
    session_id = new_id()
    video_id = new_id()
    db.execute(INSERT_SESSION, (session_id, "bench", "video", None, t, t))
    db.execute(
        "INSERT INTO videos (id, session_id, file, sha256, frame_count, fps, width, height, metadata, created_at) "
        "VALUES (?, ?, 'clip.mp4', NULL, ?, 30, 1280, 720, '{}', ?)",
        (video_id, session_id, spec["frames"], t),
    )
    pool = spec["pool"]
    poses = f32_pool(pool, spec["poseFloats"])
    sigmas = f32_pool(pool, spec["sigmaFloats"])
    marks = f32_pool(pool, spec["landmarkFloats"])
    n, batch = spec["frames"], spec["frameBatch"]
    transactions = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for start in range(0, n, batch):
        db.execute("BEGIN")
        for f in range(start, min(n, start + batch)):
            j = f % pool
            db.execute(UPSERT_FRAME, (video_id, f, f / 30, poses[j], sigmas[j], marks[j], random.random(), 0))
        db.execute("COMMIT")
        transactions += 1
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"id": "frames", "rows": n, "extraRows": 0, "transactions": transactions, "seconds": seconds, "cpuSeconds": cpu}


def sessions(db, spec, reads):
    pool = spec["pool"]
    # Sessions keep float64 poses, as the studio does.
    poses = [array("d", (random.uniform(-1, 1) for _ in range(spec["poseFloats"]))).tobytes() for _ in range(pool)]
    n = spec["sessions"]
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(n):
        sid = new_id()
        now = now_iso()
        # Autocommit: each INSERT is its own transaction, like the studio's sessions.create.
        db.execute(INSERT_SESSION, (sid, f"Session {i}", "pose", poses[i % pool], now, now))
        if reads:
            db.execute(SESSION_BY_ID, (sid,)).fetchone()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "id": "sessions+reads" if reads else "sessions",
        "rows": n,
        "extraRows": 0,
        "transactions": n,
        "seconds": seconds,
        "cpuSeconds": cpu,
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--schema", required=True)
    p.add_argument("--spec", required=True)
    a = p.parse_args()
    spec = json.loads(a.spec)
    with open(a.schema, encoding="utf-8") as f:
        schema = f.read()
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = [
        with_db(a.dir, "metrics", schema, lambda db: metrics(db, spec)),
        with_db(a.dir, "candidates", schema, lambda db: candidates(db, spec, False)),
        with_db(a.dir, "candidates-reads", schema, lambda db: candidates(db, spec, True)),
        with_db(a.dir, "frames", schema, lambda db: frames(db, spec)),
        with_db(a.dir, "sessions", schema, lambda db: sessions(db, spec, False)),
        with_db(a.dir, "sessions-reads", schema, lambda db: sessions(db, spec, True)),
    ]
    report = {
        "side": "peer",
        "sqlite": sqlite3.sqlite_version,
        "runtime": f"Python {sys.version.split()[0]} sqlite3",
        "rssStartKb": rss_start,
        "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "results": results,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
