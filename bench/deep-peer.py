"""Peer side of bench/deep.ts: PyTorch 1.13 (Debian), one thread, on the data the TypeScript benchmark
wrote. Mode "epoch": times epochs of the 40-64-32-2 MLP (batch 256, Adam lr 1e-3, shuffled) on
x.bin / y.bin and prints the median epoch seconds. Mode "fit": trains an MLP of the given hidden sizes on
a written train split for the given epochs and writes its test predictions (pred_torch.bin).
Prints one JSON line."""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)


def mlp(d, hidden, k):
    layers = []
    prev = d
    for h in hidden:
        layers += [torch.nn.Linear(prev, h), torch.nn.ReLU()]
        prev = h
    layers.append(torch.nn.Linear(prev, k))
    return torch.nn.Sequential(*layers)


def run_epoch(model, opt, x, y, batch, gen):
    loss_fn = torch.nn.CrossEntropyLoss()
    perm = torch.randperm(x.shape[0], generator=gen)
    for s in range(0, x.shape[0], batch):
        idx = perm[s : s + batch]
        opt.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()


def main():
    d, mode = sys.argv[1], sys.argv[2]
    meta = json.load(open(f"{d}/meta.json"))
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    if mode == "epoch":
        n, f = meta["rows"], meta["cols"]
        x = torch.from_numpy(np.fromfile(f"{d}/x.bin", dtype=np.float32).reshape(n, f))
        y = torch.from_numpy(np.fromfile(f"{d}/y.bin", dtype=np.int32).astype(np.int64))
        model = mlp(f, [64, 32], 2)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        times = []
        for _ in range(meta["epochs"] + 1):
            t = time.perf_counter()
            run_epoch(model, opt, x, y, 256, gen)
            times.append(time.perf_counter() - t)
        times = sorted(times[1:])
        print(json.dumps({"epochSeconds": times[len(times) // 2], "allSeconds": times}))
    else:
        f = meta["cols"]
        xtr = torch.from_numpy(np.fromfile(f"{d}/x_train.bin", dtype=np.float32).reshape(meta["train"], f))
        ytr = torch.from_numpy(np.fromfile(f"{d}/y_train.bin", dtype=np.int32).astype(np.int64))
        xte = torch.from_numpy(np.fromfile(f"{d}/x_test.bin", dtype=np.float32).reshape(meta["test"], f))
        model = mlp(f, meta["hidden"], meta["classes"])
        opt = torch.optim.Adam(model.parameters(), lr=meta["lr"])
        t = time.perf_counter()
        for _ in range(meta["epochs"]):
            run_epoch(model, opt, xtr, ytr, meta["batch"], gen)
        fit_s = time.perf_counter() - t
        with torch.no_grad():
            pred = model(xte).argmax(1).numpy().astype(np.int32)
        pred.tofile(f"{d}/pred_torch.bin")
        print(json.dumps({"fitSeconds": fit_s}))


if __name__ == "__main__":
    main()
