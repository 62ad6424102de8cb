"""PyTorch's side of ConvLayerBench: nn.Conv2d(64, 128, 3, padding=1) on a (64, 64, 32, 32) batch, forward and
backward (weight, bias and input gradients), median milliseconds per step over --steps after warm-up.

    python3 conv.py --threads 2
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--steps', type=int, default=30)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    conv = nn.Conv2d(64, 128, kernel_size=3, padding=1)
    X = torch.rand(64, 64, 32, 32, requires_grad=True)
    eps = torch.rand(64, 128, 32, 32)
    times = []
    for i in range(a.steps + 5):
        start = time.perf_counter()
        conv.zero_grad()
        X.grad = None
        conv(X).backward(eps)
        if i >= 5:
            times.append((time.perf_counter() - start) * 1000)
    flops = 3 * 2 * 64 * 128 * 32 * 32 * 64 * 9  # forward, input gradient, weight gradient
    ms = statistics.median(times)
    print(json.dumps({'threads': a.threads, 'ms_per_step': ms, 'gflops': flops / ms / 1e6}))


if __name__ == '__main__':
    main()
