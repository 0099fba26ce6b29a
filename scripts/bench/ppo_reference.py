#!/usr/bin/env python3
"""PyTorch reference for Rampart's RL benchmark (scripts/bench-rl.ts, issue 16).

    python3 scripts/bench/ppo_reference.py <dir>

<dir> is what scripts/bench/torch-reference.ts writes: meta.json (sizes, the RlConfig, episodes,
seed, cores, methods) and the alert set's columns as raw little-endian arrays. This script solves
exactly Rampart's problem -- the state encoding of src/main/domain/rl/state.ts, the online N/C/B
counts of online.ts, the one-step bandit of env.ts, PPO / PPO-KG as ppo.ts and the DL baseline as
supervised.ts -- written the way CleanRL's ppo.py would (torch modules, Adam, vectorised numpy),
and prints one JSON line: versions, threads, episodes/s (DL: samples/s) and the final mean rollout
reward per method, so a reader can check that both sides learn the same problem.

Where it differs from Rampart, on purpose: the random streams (numpy / torch generators instead of
mulberry32, so the same seed gives other episodes and actions) and the weight initialisation
(CleanRL's orthogonal layer_init instead of Rampart's seeded scaled Gaussian of the same gains).

Needs numpy and torch (CPU is enough). On Debian: `apt-get install python3-torch` (installs
numpy too; the CPU build); elsewhere `pip install torch numpy` (on Linux PyPI's default wheel
also pulls the CUDA libraries; `pip install torch --index-url
https://download.pytorch.org/whl/cpu` avoids them). The bench skips this part, saying why,
when neither is importable.
"""

import json
import os
import platform
import sys
import time


def load_meta(directory):
    with open(os.path.join(directory, "meta.json"), encoding="utf-8") as f:
        return json.load(f)


# Thread counts must be in the environment before numpy / torch load their thread pools.
META = load_meta(sys.argv[1]) if len(sys.argv) == 2 else None
if META is None:
    sys.exit("usage: ppo_reference.py <dir written by scripts/bench/torch-reference.ts>")
THREADS = int(META["cores"])
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = str(THREADS)

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as err:  # the TS side checks first; this keeps a direct run honest too
    print(json.dumps({"skipped": f"PyTorch reference needs numpy and torch ({err})"}))
    sys.exit(0)

U32 = np.uint32


# ---------------------------------------------------------------- the alert set (state.ts)


def load_set(directory, meta):
    """The AlertSet columns torch-reference.ts wrote, by name and little-endian dtype."""

    def col(name, dtype):
        return np.fromfile(os.path.join(directory, name + ".bin"), dtype=np.dtype(dtype))

    s = {
        "predicted": col("predicted", "<i2").astype(np.int64),
        "signature": col("signature", "<i4"),
        "n": col("n", "<f4").astype(np.float64),
        "c": col("c", "<f4").astype(np.float64),
        "b": col("b", "<f4").astype(np.float64),
        "trueClass": col("trueClass", "<i2").astype(np.int64),
        "rewardTable": col("rewardTable", "<f4"),
    }
    if meta["hasAdvice"]:
        s["adviceAction"] = col("adviceAction", "<i4").astype(np.int64)
        s["adviceReward"] = col("adviceReward", "<f4")
        s["adviceDist"] = col("adviceDist", "<f4").reshape(meta["size"], meta["numActions"])
    return s


def fmix32(h):
    """murmur3's 32-bit finaliser on a uint32 array (numpy wraps the products mod 2**32)."""
    h = h ^ (h >> U32(16))
    h = h * U32(0x85EBCA6B)
    h = h ^ (h >> U32(13))
    h = h * U32(0xC2B2AE35)
    return h ^ (h >> U32(16))


class Encoder:
    """encodeStates of state.ts, vectorised: [y one-hot, ±1 signature hashes, N, C/N, B(, advice)]."""

    def __init__(self, s, meta, cfg, augment):
        self.s = s
        self.K = meta["numClasses"]
        self.A = meta["numActions"]
        self.buckets = cfg["hashBuckets"]
        self.hashes = cfg["hashFunctions"]
        self.augment = augment
        self.log_max_n = np.log1p(max(1.0, float(s["n"].max())))
        self.dim = self.K + self.buckets + 3 + (self.A + 1 if augment else 0)

    def encode(self, idx, live=None):
        s, K, nb = self.s, self.K, self.buckets
        rows = np.arange(len(idx))
        x = np.zeros((len(idx), self.dim), dtype=np.float32)
        y = s["predicted"][idx]
        ok = (y >= 0) & (y < K)
        x[rows[ok], y[ok]] = 1
        sig = s["signature"][idx].view(U32)
        for k in range(self.hashes):
            h = fmix32(sig ^ U32(((k + 1) * 0x9E3779B1) & 0xFFFFFFFF))
            bucket = (h & U32(0x7FFFFFFF)) % U32(nb)
            sign = np.where(h >> U32(31), -1.0, 1.0).astype(np.float32)
            np.add.at(x, (rows, K + bucket.astype(np.int64)), sign)
        n, c, b = live if live is not None else (s["n"][idx], s["c"][idx], s["b"][idx])
        o = K + nb
        x[:, o] = np.log1p(np.maximum(0, n)) / self.log_max_n
        x[:, o + 1] = np.where(n > 0, c / np.where(n > 0, n, 1), 0)
        x[:, o + 2] = b
        if self.augment:
            a = s["adviceAction"][idx]
            ok = (a >= 0) & (a < self.A)
            x[rows[ok], o + 3 + a[ok]] = 1
            x[:, o + 3 + self.A] = s["adviceReward"][idx] / 5
        return x


# ------------------------------------------------------------- online counts (online.ts)


class SignatureCounts:
    """Live N, C per signature from the rows' counts (first row of each signature wins)."""

    def __init__(self, s, prior):
        self.s = s
        sigs, first = np.unique(s["signature"], return_index=True)
        self.slot = np.searchsorted(sigs, s["signature"])
        self.n = s["n"][first].copy()
        self.c = s["c"][first].copy()
        self.alpha = float(prior["alpha"])
        self.beta = float(prior["beta"])
        labelled = s["trueClass"] >= 0
        self.inc = labelled.astype(np.float64)
        self.right = (labelled & (s["predicted"] == s["trueClass"])).astype(np.float64)

    def arrive(self, idx):
        """`arrive`: each row sees its signature's N, C, B just before it, then its label counts."""
        slot = self.slot[idx]
        order = np.argsort(slot, kind="stable")
        ss = slot[order]
        pos = np.arange(len(ss))
        start = np.maximum.accumulate(np.where(np.r_[True, ss[1:] != ss[:-1]], pos, 0))

        def earlier(w):  # sum of w over the same signature's earlier rows in this batch
            ex = np.cumsum(w) - w
            return ex - ex[start]

        inc, right = self.inc[idx][order], self.right[idx][order]
        n = np.empty(len(idx))
        c = np.empty(len(idx))
        n[order] = self.n[ss] + earlier(inc)
        c[order] = self.c[ss] + earlier(right)
        self.n += np.bincount(slot, weights=self.inc[idx], minlength=len(self.n))
        self.c += np.bincount(slot, weights=self.right[idx], minlength=len(self.c))
        return n, c, (self.alpha + c) / (self.alpha + self.beta + n)


# ------------------------------------------------------------------- the bandit (env.ts)


class EpisodeSampler:
    """Each pass visits every row once, in a fresh seeded order."""

    def __init__(self, size, rng):
        self.size, self.rng = size, rng
        self.order, self.pos = rng.permutation(size), 0

    def next(self, count):
        parts = []
        while count > 0:
            if self.pos >= self.size:
                self.order, self.pos = self.rng.permutation(self.size), 0
            take = min(count, self.size - self.pos)
            parts.append(self.order[self.pos : self.pos + take])
            self.pos += take
            count -= take
        return np.concatenate(parts)


def best_actions(table, K, A):
    """The highest-reward action of each class (first on ties), the DL target."""
    return table.reshape(K, A).argmax(axis=1)


# ------------------------------------------------------------------ networks (CleanRL)


def layer_init(layer, std=np.sqrt(2), bias_const=0.0):
    nn.init.orthogonal_(layer.weight, std)
    nn.init.constant_(layer.bias, bias_const)
    return layer


def mlp(sizes, activation, out_std):
    act = nn.Tanh if activation == "tanh" else nn.ReLU
    layers = []
    for i in range(len(sizes) - 1):
        last = i + 2 == len(sizes)
        layers.append(layer_init(nn.Linear(sizes[i], sizes[i + 1]), out_std if last else np.sqrt(2)))
        if not last:
            layers.append(act())
    return nn.Sequential(*layers)


# ---------------------------------------------------------------------- PPO (ppo.ts)


def train_ppo(s, meta, cfg, kl):
    """PPO (kl=False) or PPO-KG (state augmentation + λ·KL(π‖π_LLM)); returns (episodes, seconds, curve)."""
    t0 = time.perf_counter()
    K, A, size = meta["numClasses"], meta["numActions"], meta["size"]
    rng = np.random.default_rng(cfg["seed"])
    torch.manual_seed(cfg["seed"])
    enc = Encoder(s, meta, cfg, augment=kl)
    sizes = [enc.dim, *cfg["hidden"]]
    actor = mlp([*sizes, A], cfg["activation"], 0.01)
    critic = mlp([*sizes, 1], cfg["activation"], 1.0)
    params = [*actor.parameters(), *critic.parameters()]
    opt = torch.optim.Adam(params, lr=cfg["learningRate"], eps=1e-5)
    counts = SignatureCounts(s, meta["betaPrior"]) if cfg["onlineCounts"] else None
    sampler = EpisodeSampler(size, rng)
    table = torch.from_numpy(s["rewardTable"])
    true_class = torch.from_numpy(s["trueClass"])
    sm = cfg["llmSmoothing"]
    log_pllm_all = (
        torch.from_numpy(np.log((1 - sm) * s["adviceDist"] + sm / A).astype(np.float32))
        if kl
        else None
    )
    total = cfg["episodes"] or cfg["passes"] * size
    horizon = cfg["lambdaEpisodes"] or total
    done, curve = 0, []
    while done < total:
        f = min(1.0, max(0.0, done / horizon))
        lam = cfg["lambdaStart"] + (cfg["lambdaEnd"] - cfg["lambdaStart"]) * f if kl else 0.0
        n = min(cfg["rolloutSize"], total - done)
        idx = sampler.next(n)
        live = counts.arrive(idx) if counts else None
        x = torch.from_numpy(enc.encode(idx, live))
        tidx = torch.from_numpy(idx)
        with torch.no_grad():
            dist = torch.distributions.Categorical(logits=actor(x))
            actions = dist.sample()
            logp = dist.log_prob(actions)
            values = critic(x).view(-1)
        rewards = table[true_class[tidx] * A + actions]
        adv_all = rewards - values
        log_pllm = log_pllm_all[tidx] if kl else None
        mb = max(1, n // cfg["minibatches"])
        for _ in range(cfg["updateEpochs"]):
            perm = torch.randperm(n)
            approx_kl = 0.0
            for st in range(0, n - mb + 1, mb):
                j = perm[st : st + mb]
                xb = x[j]
                logp_all = F.log_softmax(actor(xb), dim=1)
                p = logp_all.exp()
                logratio = logp_all.gather(1, actions[j].unsqueeze(1)).squeeze(1) - logp[j]
                ratio = logratio.exp()
                with torch.no_grad():
                    approx_kl = ((ratio - 1) - logratio).mean().item()
                adv = adv_all[j]
                if cfg["normAdvantages"]:
                    adv = (adv - adv.mean()) / (adv.std(unbiased=False) + 1e-8)
                pg = torch.max(
                    -adv * ratio,
                    -adv * torch.clamp(ratio, 1 - cfg["clipCoef"], 1 + cfg["clipCoef"]),
                ).mean()
                v_loss = 0.5 * ((critic(xb).view(-1) - rewards[j]) ** 2).mean()
                entropy = -(p * logp_all).sum(1).mean()
                loss = pg - cfg["entCoef"] * entropy + cfg["vfCoef"] * v_loss
                if kl and lam > 0:
                    loss = loss + lam * (p * (logp_all - log_pllm[j])).sum(1).mean()
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(params, cfg["maxGradNorm"])
                opt.step()
            if cfg["targetKl"] > 0 and approx_kl > cfg["targetKl"]:
                break
        done += n
        curve.append(rewards.mean().item())
    return done, time.perf_counter() - t0, curve


# ----------------------------------------------------------- DL baseline (supervised.ts)


def train_dl(s, meta, cfg):
    """Cross-entropy of the actor to the true class's best action; returns (rows, seconds, accuracy)."""
    t0 = time.perf_counter()
    K, A, size = meta["numClasses"], meta["numActions"], meta["size"]
    rng = np.random.default_rng(cfg["seed"])
    torch.manual_seed(cfg["seed"])
    enc = Encoder(s, meta, cfg, augment=False)
    actor = mlp([enc.dim, *cfg["hidden"], A], cfg["activation"], 0.01)
    # tf.train.adam's default epsilon is the backend's float32 epsilon, 1e-7.
    opt = torch.optim.Adam(actor.parameters(), lr=cfg["supervisedLr"], eps=1e-7)
    targets = torch.from_numpy(best_actions(s["rewardTable"], K, A)[s["trueClass"]])
    batch = cfg["supervisedBatch"]
    seen = correct = 0
    for _ in range(cfg["dlEpochs"]):
        order = rng.permutation(size)
        seen, correct = 0, 0
        for st in range(0, size, batch):
            rows = order[st : st + batch]
            y = targets[torch.from_numpy(rows)]
            logits = actor(torch.from_numpy(enc.encode(rows)))
            loss = F.cross_entropy(logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            correct += (logits.argmax(1) == y).sum().item()
            seen += len(rows)
    return cfg["dlEpochs"] * size, time.perf_counter() - t0, correct / max(1, seen)


# ------------------------------------------------------------------------------- main


def main(directory):
    torch.set_num_threads(THREADS)
    cfg = {**META["config"], "seed": META["seed"], "episodes": META["episodes"]}
    s = load_set(directory, META)
    out = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
        "cpus": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }
    for method in META["methods"]:
        if method == "dl":
            rows, secs, acc = train_dl(s, META, cfg)
            out["dl"] = {
                "samplesPerSecond": round(rows / secs),
                "seconds": round(secs, 3),
                "accuracy": round(acc, 4),
            }
        else:
            eps, secs, curve = train_ppo(s, META, cfg, kl=method == "ppo-kg")
            out[method] = {
                "episodes": eps,
                "episodesPerSecond": round(eps / secs),
                "seconds": round(secs, 3),
                "finalMeanReward": round(curve[-1], 3),
            }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
