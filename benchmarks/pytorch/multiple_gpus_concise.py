"""The book's 12.6 (Concise Implementation for Multiple GPUs) in PyTorch on the CPU: its resnet18(10, 1) (a 3x3
stem, no max pool, four stages of 7.6's Residual), init_weights (N(0, 0.01^2) on conv and linear weights), SGD and
cross-entropy, with the book's train(net, num_gpus, batch_size, lr). Prints one JSON line like book.py: per-epoch
training seconds (the book's timer, around the training batches only), the mean training loss of each epoch (over
its batches as the model changes; the book's 12.6 tracks none), the test accuracy after each epoch and the BLAS
library PyTorch loaded.

    python3 multiple_gpus_concise.py --setup 12.6-2 --threads 2 [--epochs 10] [--seed 42] \
        [--train-size N] [--test-size N]

12.6-1 is the book's train(net, num_gpus=1, batch_size=256, lr=0.1), 12.6-2 its train(net, num_gpus=2,
batch_size=512, lr=0.2). On the CPU there is one device, so nn.DataParallel has nothing to split over and the
2-GPU run is the same arithmetic as one device taking the whole batch of 512: the figure it gives is the book's
step on 2 GPUs, which d2l4j's averaging workers reproduce. Each run starts from a fresh network (the book's second
call re-initialises the same net's weights but keeps its batch-norm state; d2l4j starts fresh, as here).

--train-size N and --test-size N keep the first N training and test examples, as d2l4j's reduced runs.
"""
import json
import sys
import time

import torch
from torch import nn

import fashion_mnist
from book import Accumulator, accuracy, blas_library
from modern import Residual, resnet_block

SETUPS = {'12.6-1': (256, 0.1), '12.6-2': (512, 0.2)}


def resnet18(num_classes, in_channels=1):
    """The book's d2l.resnet18: smaller stem than 7.6's ResNet (3x3, stride 1, no max pool)."""
    net = nn.Sequential(
        nn.Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1),
        nn.BatchNorm2d(64),
        nn.ReLU())
    net.add_module('resnet_block1', nn.Sequential(*resnet_block(64, 64, 2, first_block=True)))
    net.add_module('resnet_block2', nn.Sequential(*resnet_block(64, 128, 2)))
    net.add_module('resnet_block3', nn.Sequential(*resnet_block(128, 256, 2)))
    net.add_module('resnet_block4', nn.Sequential(*resnet_block(256, 512, 2)))
    net.add_module('global_avg_pool', nn.AdaptiveAvgPool2d((1, 1)))
    net.add_module('fc', nn.Sequential(nn.Flatten(), nn.Linear(512, num_classes)))
    return net


def evaluate(net, test_X, test_y):
    net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in fashion_mnist.batches(test_X, test_y, 256, False):
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_loss_in_batches(net, loss, train_X, train_y):
    """After training: the mean loss over the training images in minibatches of 256 (one worker's), batch norm
    on each minibatch's statistics as in training (its running statistics, which lag the weights after a few
    dozen steps, are what the test accuracy uses); d2l4j's MultipleGpusConciseBookIT computes the same."""
    net.train()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in fashion_mnist.batches(train_X, train_y, 256, False):
            metric.add(float(loss(net(X), y)) * len(y), len(y))
    return metric[0] / metric[1]


def pop_size(flag):
    """--train-size / --test-size N, taken off the command line before the rest is parsed."""
    if flag not in sys.argv:
        return None
    i = sys.argv.index(flag)
    n = int(sys.argv[i + 1])
    del sys.argv[i:i + 2]
    return n


def main():
    import argparse
    train_size, test_size = pop_size('--train-size'), pop_size('--test-size')
    p = argparse.ArgumentParser()
    p.add_argument('--setup', choices=sorted(SETUPS), required=True)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--seed', type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train_X, train_y = fashion_mnist.load('train')
    test_X, test_y = fashion_mnist.load('test')
    if train_size:
        train_X, train_y = train_X[:train_size], train_y[:train_size]
    if test_size:
        test_X, test_y = test_X[:test_size], test_y[:test_size]
    batch_size, lr = SETUPS[a.setup]
    net = resnet18(10, 1)

    def init_weights(m):
        if type(m) in [nn.Linear, nn.Conv2d]:
            nn.init.normal_(m.weight, std=0.01)
    net.apply(init_weights)
    trainer = torch.optim.SGD(net.parameters(), lr)
    loss = nn.CrossEntropyLoss()
    seconds, test_accs, train_losses = [], [], []
    for epoch in range(a.epochs):
        net.train()
        metric = Accumulator(2)  # summed loss, examples: not in the book's 12.6, which tracks none
        start = time.perf_counter()
        for X, y in fashion_mnist.batches(train_X, train_y, batch_size, True):
            trainer.zero_grad()
            l = loss(net(X), y)
            l.backward()
            trainer.step()
            metric.add(float(l) * len(y), len(y))
        seconds.append(time.perf_counter() - start)
        train_losses.append(metric[0] / metric[1])
        test_accs.append(evaluate(net, test_X, test_y))
        print(f'epoch {epoch + 1}: train loss {train_losses[-1]:.3f}, test acc {test_accs[-1]:.3f}, '
              f'{seconds[-1]:.1f} s', file=sys.stderr)
    final_train_loss = train_loss_in_batches(net, loss, train_X, train_y)
    print(f'after training: loss over the training images {final_train_loss:.4f}', file=sys.stderr)
    print(json.dumps({'setup': a.setup, 'threads': a.threads, 'sec_per_epoch': sorted(seconds)[len(seconds) // 2],
                      'seconds': seconds, 'train_losses': train_losses, 'final_train_loss': final_train_loss,
                      'test_acc': test_accs[-1], 'test_accs': test_accs, 'blas': blas_library()}))


if __name__ == '__main__':
    sys.exit(main())
