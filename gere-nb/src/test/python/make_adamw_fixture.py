"""Reference trajectory of torch.optim.AdamW with cosine warm-up and global-norm clipping.

Writes src/test/resources/fixtures/adamw/trajectory.json: initial parameters, the gradient fed at each
step (a fixed function of the parameters so the Java side can reproduce it), and the parameters after
every step. Run with a Python that has torch: python make_adamw_fixture.py
"""
import json
import math
from pathlib import Path

import torch

torch.manual_seed(0)
p = torch.nn.Parameter(torch.randn(3, 4))
target = torch.randn(3, 4)
opt = torch.optim.AdamW([p], lr=0.05, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
warmup, total = 2, 6
sched = torch.optim.lr_scheduler.LambdaLR(
    opt, lambda s: s / max(1, warmup) if s < warmup else max(0.0, 0.5 * (1 + math.cos(math.pi * (s - warmup) / (total - warmup)))))
record = {"initial": p.detach().tolist(), "target": target.tolist(), "lr": 0.05, "weight_decay": 0.1,
          "warmup": warmup, "total": total, "max_norm": 0.5, "steps": []}
for step in range(total):
    opt.zero_grad()
    loss = ((p - target) ** 3).abs().sum()  # gradient 3 (p - t)^2 sign(p - t)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_([p], 0.5)
    lr = opt.param_groups[0]["lr"]
    opt.step()
    sched.step()
    record["steps"].append({"lr": lr, "grad_norm": float(norm), "params": p.detach().tolist()})
out = Path(__file__).resolve().parents[1] / "resources/fixtures/adamw/trajectory.json"
out.write_text(json.dumps(record, indent=1))
print("wrote", out)
