"""The book's 11.11 (learning-rate scheduling) in PyTorch: net_fn (the modern LeNet, PyTorch's default init),
its local train(...) with the scheduler update after each epoch's test accuracy, the book's schedulers, and the
five runs, on the CPU with Fashion-MNIST held in memory (fashion_mnist.py's files and batches).

Per epoch it prints (to stderr) the lr the epoch trained with, train loss, train acc, test acc and the seconds
of the training loop (test evaluation excluded); one JSON line per run like book.py's report, and a last one
for benchmarks/compare.py with every run's epochs and each run's figures as `./d2l run 11.11` names them
(constant_test_acc, ...).

    python3 lr_scheduler.py --threads 1 [--run constant|sqrt|multistep|cosine|warmup|all] [--epochs 30]
                            [--seed 42] [--train-size N]

The multi-step run reproduces the book's plotting loop, which steps the real optimizer and scheduler
num_epochs times before training (trap 15: with 30 epochs it trains at a constant 0.125).
"""
import argparse
import json
import math
import resource
import sys
import time

import torch
from torch import nn
from torch.optim import lr_scheduler

import fashion_mnist
from book import Accumulator, accuracy, blas_library, evaluate_accuracy


def net_fn():
    model = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10))

    return model


loss = nn.CrossEntropyLoss()
batch_size = 256


def train(net, data, num_epochs, loss, trainer, scheduler=None):
    """The book's train(...): the batch loop, test accuracy, THEN the lr update for the next epoch."""
    train_X, train_y, test_X, test_y = data
    seconds = []
    for epoch in range(num_epochs):
        lr = trainer.param_groups[0]['lr']  # what this epoch trains with
        metric = Accumulator(3)  # train_loss, train_acc, num_examples
        start = time.perf_counter()
        for i, (X, y) in enumerate(fashion_mnist.batches(train_X, train_y, batch_size, True)):
            net.train()
            trainer.zero_grad()
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            trainer.step()
            with torch.no_grad():
                metric.add(l * X.shape[0], accuracy(y_hat, y), X.shape[0])
            train_loss = metric[0] / metric[2]
            train_acc = metric[1] / metric[2]
        seconds.append(time.perf_counter() - start)

        test_acc = evaluate_accuracy(net, lambda: fashion_mnist.batches(test_X, test_y, batch_size, False))
        print(f'epoch {epoch + 1}: lr {lr:.6f}, train loss {train_loss:.4f}, train acc {train_acc:.4f}, '
              f'test acc {test_acc:.4f}, {seconds[-1]:.1f} s', file=sys.stderr)

        if scheduler:
            if scheduler.__module__ == lr_scheduler.__name__:
                # Using PyTorch In-Built scheduler
                scheduler.step()
            else:
                # Using custom defined scheduler
                for param_group in trainer.param_groups:
                    param_group['lr'] = scheduler(epoch)

    print(f'train loss {train_loss:.3f}, train acc {train_acc:.3f}, '
          f'test acc {test_acc:.3f}', file=sys.stderr)
    return train_loss, train_acc, test_acc, seconds


class SquareRootScheduler:
    def __init__(self, lr=0.1):
        self.lr = lr

    def __call__(self, num_update):
        return self.lr * pow(num_update + 1.0, -0.5)


class CosineScheduler:
    def __init__(self, max_update, base_lr=0.01, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0):
        self.base_lr_orig = base_lr
        self.max_update = max_update
        self.final_lr = final_lr
        self.warmup_steps = warmup_steps
        self.warmup_begin_lr = warmup_begin_lr
        self.max_steps = self.max_update - self.warmup_steps

    def get_warmup_lr(self, epoch):
        increase = (self.base_lr_orig - self.warmup_begin_lr) \
                       * float(epoch) / float(self.warmup_steps)
        return self.warmup_begin_lr + increase

    def __call__(self, epoch):
        if epoch < self.warmup_steps:
            return self.get_warmup_lr(epoch)
        if epoch <= self.max_update:
            self.base_lr = self.final_lr + (
                self.base_lr_orig - self.final_lr) * (1 + math.cos(
                math.pi * (epoch - self.warmup_steps) / self.max_steps)) / 2
        return self.base_lr


def run_constant(data, num_epochs):
    lr = 0.3
    net = net_fn()
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    return train(net, data, num_epochs, loss, trainer)


def run_sqrt(data, num_epochs):
    lr = 0.1
    scheduler = SquareRootScheduler(lr=0.1)
    net = net_fn()
    trainer = torch.optim.SGD(net.parameters(), lr)
    return train(net, data, num_epochs, loss, trainer, scheduler)


def run_multistep(data, num_epochs):
    net = net_fn()
    trainer = torch.optim.SGD(net.parameters(), lr=0.5)
    scheduler = lr_scheduler.MultiStepLR(trainer, milestones=[15, 30], gamma=0.5)

    def get_lr(trainer, scheduler):
        lr = scheduler.get_last_lr()[0]
        trainer.step()
        scheduler.step()
        return lr

    # the book's plot: it steps the real optimizer and scheduler num_epochs times (trap 15)
    plotted = [get_lr(trainer, scheduler) for t in range(num_epochs)]
    print(f'multistep plotted {plotted}; training starts at {trainer.param_groups[0]["lr"]}', file=sys.stderr)
    return train(net, data, num_epochs, loss, trainer, scheduler)


def run_cosine(data, num_epochs):
    scheduler = CosineScheduler(max_update=20, base_lr=0.3, final_lr=0.01)
    net = net_fn()
    trainer = torch.optim.SGD(net.parameters(), lr=0.3)
    return train(net, data, num_epochs, loss, trainer, scheduler)


def run_warmup(data, num_epochs):
    scheduler = CosineScheduler(20, warmup_steps=5, base_lr=0.3, final_lr=0.01)
    net = net_fn()
    trainer = torch.optim.SGD(net.parameters(), lr=0.3)
    return train(net, data, num_epochs, loss, trainer, scheduler)


RUNS = {'constant': run_constant, 'sqrt': run_sqrt, 'multistep': run_multistep, 'cosine': run_cosine,
        'warmup': run_warmup}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--setup', choices=['11.11'], default='11.11')  # compare.py passes it
    p.add_argument('--run', choices=sorted(RUNS) + ['all'], default='all')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--epochs', type=int, default=30)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--train-size', type=int, default=None, help='the first N training images only (d2l4j\'s --train-size)')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    train_X, train_y = fashion_mnist.load('train')
    if a.train_size:
        train_X, train_y = train_X[:a.train_size], train_y[:a.train_size]
    test_X, test_y = fashion_mnist.load('test')
    data = (train_X, train_y, test_X, test_y)
    all_seconds, totals = [], {}
    for name in (RUNS if a.run == 'all' else [a.run]):
        torch.manual_seed(a.seed)  # each run's net from the same seed, so that runs compare
        train_loss, train_acc, test_acc, seconds = RUNS[name](data, a.epochs)
        all_seconds += seconds
        totals |= {f'{name}_train_loss': train_loss, f'{name}_train_acc': train_acc, f'{name}_test_acc': test_acc}
        print(json.dumps({'setup': '11.11', 'run': name, 'threads': a.threads, 'seed': a.seed,
                          'sec_per_epoch': sorted(seconds)[len(seconds) // 2], 'seconds': seconds,
                          'train_loss': train_loss, 'train_acc': train_acc, 'test_acc': test_acc,
                          'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                          'blas': blas_library()}))
    # the last line, for compare.py: all runs' epochs, and each run's figures under the names of
    # ./d2l run 11.11's result line
    print(json.dumps({'setup': '11.11', 'threads': a.threads, 'seed': a.seed,
                      'sec_per_epoch': sorted(all_seconds)[len(all_seconds) // 2], 'seconds': all_seconds, **totals,
                      'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'blas': blas_library()}))


if __name__ == '__main__':
    sys.exit(main())
