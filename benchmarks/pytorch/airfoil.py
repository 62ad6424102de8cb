"""The book's 11.5 (minibatch SGD) in PyTorch on the CPU: d2l-zh 2.0's get_data_ch11, sgd, train_ch11 and
train_concise_ch11 on the airfoil self-noise data, for the sec/epoch comparison with d2l4j's trainCh11.

Setups (the book's settings):
  11.5-sgd           train_sgd(0.005, 1): the scratch loop at batch 1, 2 epochs (1500 steps an epoch)
  11.5-bs10          train_sgd(0.05, 10): the scratch loop at batch 10, 2 epochs
  11.5-concise       train_concise_ch11(torch.optim.SGD, {'lr': 0.01}, get_data_ch11(10)), 4 epochs
  11.5-concise-bs1   the same at batch 1 (not in the book; the per-step overhead of the concise loop)

The loops are the book's: the loss is evaluated on all 1500 rows each time n % 200 == 0 (n = examples
seen), with the timer stopped; sec_per_epoch is what the book prints, timer.avg(), really the mean time of
one 200-example interval. Also printed: epoch_wall, the median wall time of a whole epoch, evaluations
included. The Animator is left out (it draws; the book stops the timer around it anyway).

Prints the book's line `loss: 0.243, 0.012 sec/epoch` to stderr and one JSON line to stdout: setup,
sec_per_epoch, loss, epoch_wall, losses, blas.

    /usr/bin/python3 airfoil.py --setup 11.5-sgd [--epochs N] [--seed 42] [--threads 1]

The data: $D2L_HUB/airfoil_self_noise.dat, else d2l4j's cache ($D2L_CACHE, default ~/.d2l/data).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.utils import data as tdata

from book import blas_library

SETUPS = {'11.5-sgd': ('scratch', 0.005, 1, 2), '11.5-bs10': ('scratch', 0.05, 10, 2),
          '11.5-concise': ('concise', 0.01, 10, 4), '11.5-concise-bs1': ('concise', 0.01, 1, 4)}


def airfoil_path():
    """d2l.download('airfoil') without the network: $D2L_HUB, then d2l4j's cache."""
    candidates = [os.environ.get('D2L_HUB'), os.environ.get('D2L_CACHE', os.path.expanduser('~/.d2l/data')),
                  '/work/shared/data/d2l-hub']
    for folder in filter(None, candidates):
        path = os.path.join(folder, 'airfoil_self_noise.dat')
        if os.path.isfile(path):
            return path
    raise SystemExit(f'airfoil_self_noise.dat not found in {candidates}: set D2L_HUB to the folder holding it')


class Timer:
    """d2l.Timer"""
    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        self.tik = time.time()

    def stop(self):
        self.times.append(time.time() - self.tik)
        return self.times[-1]

    def avg(self):
        return sum(self.times) / len(self.times)

    def cumsum(self):
        return np.array(self.times).cumsum().tolist()


def load_array(data_arrays, batch_size, is_train=True):
    """d2l.load_array"""
    dataset = tdata.TensorDataset(*data_arrays)
    return tdata.DataLoader(dataset, batch_size, shuffle=is_train)


def get_data_ch11(batch_size=10, n=1500):
    data = np.genfromtxt(airfoil_path(), dtype=np.float32, delimiter='\t')
    data = torch.from_numpy((data - data.mean(axis=0)) / data.std(axis=0))
    data_iter = load_array((data[:n, :-1], data[:n, -1]), batch_size, is_train=True)
    return data_iter, data.shape[1] - 1


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def evaluate_loss(net, data_iter, loss):
    """d2l.evaluate_loss: the summed loss over the batches of data_iter, divided by the examples."""
    total, count = 0.0, 0
    for X, y in data_iter:
        out = net(X)
        y = y.reshape(out.shape)
        l = loss(out, y)
        total += float(l.sum())
        count += l.numel()
    return total / count


def sgd(params, states, hyperparams):
    for p in params:
        p.data.sub_(hyperparams['lr'] * p.grad)
        p.grad.data.zero_()


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    w = torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    net, loss = lambda X: linreg(X, w, b), squared_loss
    losses, walls = [], []
    n, timer = 0, Timer()
    for _ in range(num_epochs):
        start = time.perf_counter()
        for X, y in data_iter:
            l = loss(net(X), y).mean()
            l.backward()
            trainer_fn([w, b], states, hyperparams)
            n += X.shape[0]
            if n % 200 == 0:
                timer.stop()
                losses.append(evaluate_loss(net, data_iter, loss))
                timer.start()
        walls.append(time.perf_counter() - start)
    print(f'loss: {losses[-1]:.3f}, {timer.avg():.3f} sec/epoch', file=sys.stderr)
    return timer, losses, walls


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    net = nn.Sequential(nn.Linear(5, 1))

    def init_weights(m):
        if type(m) == nn.Linear:
            torch.nn.init.normal_(m.weight, std=0.01)
    net.apply(init_weights)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction='none')
    losses, walls = [], []
    n, timer = 0, Timer()
    for _ in range(num_epochs):
        start = time.perf_counter()
        for X, y in data_iter:
            optimizer.zero_grad()
            out = net(X)
            y = y.reshape(out.shape)
            l = loss(out, y)
            l.mean().backward()
            optimizer.step()
            n += X.shape[0]
            if n % 200 == 0:
                timer.stop()
                # MSELoss is twice the book's squared loss: halve it
                losses.append(evaluate_loss(net, data_iter, loss) / 2)
                timer.start()
        walls.append(time.perf_counter() - start)
    print(f'loss: {losses[-1]:.3f}, {timer.avg():.3f} sec/epoch', file=sys.stderr)
    return timer, losses, walls


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--setup', choices=sorted(SETUPS), required=True)
    p.add_argument('--epochs', type=int, help="default: the book's (2, concise 4)")
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    kind, lr, batch_size, book_epochs = SETUPS[a.setup]
    num_epochs = a.epochs or book_epochs
    data_iter, feature_dim = get_data_ch11(batch_size)
    if kind == 'scratch':
        timer, losses, walls = train_ch11(sgd, None, {'lr': lr}, data_iter, feature_dim, num_epochs)
    else:
        timer, losses, walls = train_concise_ch11(torch.optim.SGD, {'lr': lr}, data_iter, num_epochs)
    print(json.dumps({'setup': a.setup, 'threads': a.threads, 'seed': a.seed, 'epochs': num_epochs,
                      'batch_size': batch_size, 'lr': lr, 'sec_per_epoch': timer.avg(), 'loss': losses[-1],
                      'epoch_wall': sorted(walls)[len(walls) // 2], 'epoch_walls': walls,
                      'times': timer.cumsum(), 'losses': losses, 'blas': blas_library()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
