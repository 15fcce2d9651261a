"""Train the multi-style generator (Dumoulin et al.'s recipe) in chunks that resume across device calls.

    python3 -m cin_train.train --loss-net LOSS.pt --styles styles.npz --content content_train0.npz ... \
        --out OUTDIR [--resume DIR] [--time-limit 540] [--steps 40000] [--hold-out NAME] [--compile]

Each device call may run 10 minutes, so a run is a series of chunks: a chunk trains until --time-limit seconds
have passed (or --steps is reached), then writes ckpt_model.pt and ckpt_opt.pt (each under the 16 MiB a file in
$OUT may have) and samples.jpg to --out. The next chunk passes that folder as --resume.
"""
import argparse
import os
import time

import torch

from . import checkpoint, loss_net as loss_net_mod, topology
from .data import ContentPack, CropSampler
from .losses import StyleTargets, Weights, total_loss
from .model import Network, one_hot

MODEL_FILE, OPT_FILE = "ckpt_model.pt", "ckpt_opt.pt"


def style_images(path):
    pack = ContentPack(path)
    return pack.names, [pack.tensor(i) for i in range(len(pack))]


def build_topology(spec: str):
    if spec == "full":
        return topology.full()
    if spec == "magenta":
        return topology.magenta()
    widths, blocks = spec.split(":")  # e.g. "8,16,16:2"
    return topology.build(tuple(int(w) for w in widths.split(",")), int(blocks))


def save_chunk(out, net, names, step, opt, history, config, targets):
    os.makedirs(out, exist_ok=True)
    extra = {"style_norms": {k: v.cpu() for k, v in targets.norms.items()}}
    checkpoint.save(os.path.join(out, MODEL_FILE), net, names, step, None, history, config, extra)
    tmp = os.path.join(out, OPT_FILE + ".tmp")
    torch.save({"step": step, "optimizer": opt.state_dict()}, tmp)
    os.replace(tmp, os.path.join(out, OPT_FILE))


class Trainer:
    """Holds the model, loss network, style targets and optimizer; one `step` is one batch."""

    def __init__(self, net, lossnet, targets, train_styles, weights: Weights, lr=1e-3, device="cpu",
                 amp=False, compile_=False, params=None):
        self.net, self.lossnet, self.targets = net, lossnet, targets
        self.train_styles = torch.as_tensor(train_styles, device=device)
        self.w, self.device, self.amp = weights, device, amp
        self.opt = torch.optim.Adam(params if params is not None else net.parameters(), lr=lr)
        self.fwd = torch.compile(net) if compile_ else net
        self.loss_fwd = torch.compile(lossnet) if compile_ else lossnet
        self.cl = device != "cpu"  # channels_last pays on GPU convs only

    def step(self, photos, gen=None):
        try:
            return self._step(photos, gen)
        except Exception as e:  # a torch.compile failure must not cost a whole device call
            if self.fwd is self.net:
                raise
            print(f"torch.compile failed ({type(e).__name__}: {e}); continuing eager", flush=True)
            self.fwd, self.loss_fwd = self.net, self.lossnet
            return self._step(photos, gen)

    def _step(self, photos, gen=None):
        n = photos.shape[0]
        pick = torch.randint(len(self.train_styles), (n,), generator=gen).to(self.device)
        idx = self.train_styles[pick]
        sw = one_hot(idx, self.net.styles, self.device)
        photos = photos.to(self.device, non_blocking=True)
        if self.cl:
            photos = photos.contiguous(memory_format=torch.channels_last)
        ctx = torch.autocast("cuda", dtype=torch.bfloat16) if self.amp else _null()
        with ctx:
            out = self.fwd(photos, sw)
            loss, parts = total_loss(self.loss_fwd, out, photos, self.targets, idx, self.w)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return parts


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def load_lossnet(path, device):
    net = loss_net_mod.load(path, device)
    if device != "cpu":
        net = net.to(memory_format=torch.channels_last)
    return net


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loss-net", required=True)
    ap.add_argument("--styles", required=True, help="styles.npz from `data styles`")
    ap.add_argument("--content", nargs="+", required=True, help="content packs (those missing are skipped)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--resume")
    ap.add_argument("--topology", default="full", help="full, magenta, or 'w1,w2,w3:blocks'")
    ap.add_argument("--hold-out", default="", help="comma-separated painting names not trained (for add_style)")
    ap.add_argument("--steps", type=int, default=40000)
    ap.add_argument("--time-limit", type=float, default=540.0, help="seconds of wall time for this chunk")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--content-weight", type=float, default=1.0)
    ap.add_argument("--style-weight", type=float, default=0.75,
                    help="10 (the Gatys note) made the generator ignore the photos; see RESULTS.md")
    ap.add_argument("--tv-weight", type=float, default=1.0)
    ap.add_argument("--warmup", type=int, default=0,
                    help="steps of linear lr warm-up from this chunk's start (for a resume without optimizer state)")
    ap.add_argument("--log-every", type=int, default=100)
    ap.add_argument("--save-every", type=float, default=180.0, help="seconds between checkpoints")
    ap.add_argument("--calibrate", type=int, default=64, help="photos for the style-loss normalisers")
    ap.add_argument("--compile", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    t0 = time.time()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda":
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True

    names, paintings = style_images(a.styles)
    lossnet = load_lossnet(a.loss_net, device)
    targets = StyleTargets.from_images(lossnet, paintings, device)
    held = [n for n in a.hold_out.split(",") if n]
    train_styles = [i for i, n in enumerate(names) if n not in held]

    state = None
    if a.resume and os.path.exists(os.path.join(a.resume, MODEL_FILE)):
        state = checkpoint.load(os.path.join(a.resume, MODEL_FILE))
        net = checkpoint.network_from(state)
        assert state["styles"] == names, "the checkpoint was trained on other paintings"
    else:
        net = Network(build_topology(a.topology), len(names))
    net = net.to(device)
    if device == "cuda":
        net = net.to(memory_format=torch.channels_last)
    weights = Weights(a.content_weight, a.style_weight, a.tv_weight)
    tr = Trainer(net, lossnet, targets, train_styles, weights, a.lr, device, amp=device == "cuda",
                 compile_=a.compile)
    step, history = 0, []
    if state is not None:
        step, history = state["step"], state["history"]
        opt_path = os.path.join(a.resume, OPT_FILE)
        if os.path.exists(opt_path):
            tr.opt.load_state_dict(torch.load(opt_path, map_location=device)["optimizer"])
            for g in tr.opt.param_groups:
                g["lr"] = a.lr
        print(f"resumed at step {step}")
    packs = [p for p in a.content if os.path.exists(p)]
    sampler = CropSampler(packs, device, a.size, seed=a.seed + step)
    if state is not None and "style_norms" in state.get("extra", {}):
        # Same normalisers in every chunk, so the loss curve stays comparable across calls.
        targets.norms = {k: v.to(device) for k, v in state["extra"]["style_norms"].items()}
    else:
        targets.calibrate(lossnet, sampler.batch(a.calibrate))
    gen = torch.Generator().manual_seed(a.seed + 7919 * step + 1)
    config = {k: v for k, v in vars(a).items() if k not in ("resume", "out")}
    print(f"setup {time.time() - t0:.1f}s: {len(sampler)} photos from {packs}, {len(train_styles)}/{len(names)} "
          f"styles trained, held out {held}, device {device}", flush=True)

    acc, n_acc, t_log, t_save, first = {}, 0, time.time(), time.time(), step
    while step < a.steps:
        if step - first < a.warmup:
            for g in tr.opt.param_groups:
                g["lr"] = a.lr * (step - first + 1) / a.warmup
        parts = tr.step(sampler.batch(a.batch), gen)
        step += 1
        for k, v in parts.items():
            acc[k] = acc.get(k, 0.0) + v
        n_acc += 1
        if step == first + 1:
            print(f"first step done at {time.time() - t0:.1f}s (includes compile)", flush=True)
            t_log = time.time()
            acc, n_acc = {}, 0
            continue
        if step % a.log_every == 0 and n_acc:
            now = time.time()
            rec = {k: float(v) / n_acc for k, v in acc.items()}
            rec.update(step=step, wall=now - t0, steps_per_s=n_acc / (now - t_log))
            history.append(rec)
            print(" ".join(f"{k}={v:.4g}" for k, v in rec.items()), flush=True)
            acc, n_acc, t_log = {}, 0, now
        if time.time() - t_save > a.save_every:
            save_chunk(a.out, net, names, step, tr.opt, history, config, targets)
            t_save = time.time()
        if time.time() - t0 > a.time_limit:
            break
    save_chunk(a.out, net, names, step, tr.opt, history, config, targets)
    print(f"saved step {step} to {a.out} at {time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main()
