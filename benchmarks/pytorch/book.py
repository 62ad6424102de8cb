"""The book's PyTorch code for 3.6 (softmax regression from scratch), 3.7 (concise), 4.2 (MLP
from scratch) and 4.3 (MLP, concise), with the data held in memory. Prints one JSON line: per-epoch training seconds (test evaluation excluded,
as the book's Timer), final metrics, and the BLAS library PyTorch loaded.

    python3 book.py --setup 4.3 --threads 2
"""
import argparse
import json
import resource
import sys
import time

import torch
from torch import nn

import fashion_mnist


class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def __getitem__(self, idx):
        return self.data[idx]


def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy(net, data):
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data():
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(3)
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    return metric[0] / metric[2], metric[1] / metric[2]


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def scratch(lr):
    W = torch.normal(0, 0.01, size=(784, 10), requires_grad=True)
    b = torch.zeros(10, requires_grad=True)

    def softmax(X):
        X_exp = torch.exp(X)
        partition = X_exp.sum(1, keepdim=True)
        return X_exp / partition

    def net(X):
        return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)

    def cross_entropy(y_hat, y):
        return - torch.log(y_hat[range(len(y_hat)), y])

    return net, cross_entropy, lambda batch_size: sgd([W, b], lr, batch_size)


def concise(lr):
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))

    def init_weights(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, std=0.01)

    net.apply(init_weights)
    return net, nn.CrossEntropyLoss(reduction='none'), torch.optim.SGD(net.parameters(), lr=lr)


def mlp_scratch(lr):
    num_inputs, num_outputs, num_hiddens = 784, 10, 256
    W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens, requires_grad=True) * 0.01)
    b1 = nn.Parameter(torch.zeros(num_hiddens, requires_grad=True))
    W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs, requires_grad=True) * 0.01)
    b2 = nn.Parameter(torch.zeros(num_outputs, requires_grad=True))

    def relu(X):
        a = torch.zeros_like(X)
        return torch.max(X, a)

    def net(X):
        X = X.reshape((-1, num_inputs))
        H = relu(X @ W1 + b1)
        return H @ W2 + b2

    return net, nn.CrossEntropyLoss(reduction='none'), torch.optim.SGD([W1, b1, W2, b2], lr=lr)


def mlp_concise(lr):
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))

    def init_weights(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, std=0.01)

    net.apply(init_weights)
    return net, nn.CrossEntropyLoss(reduction='none'), torch.optim.SGD(net.parameters(), lr=lr)


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)


class DropoutNet(nn.Module):
    """The book's 4.6 from scratch: 784-256-256-10, dropout 0.2 and 0.5 while training."""

    def __init__(self):
        super().__init__()
        self.lin1, self.lin2, self.lin3 = nn.Linear(784, 256), nn.Linear(256, 256), nn.Linear(256, 10)
        self.relu = nn.ReLU()

    def forward(self, X):
        H1 = self.relu(self.lin1(X.reshape((-1, 784))))
        if self.training:
            H1 = dropout_layer(H1, 0.2)
        H2 = self.relu(self.lin2(H1))
        if self.training:
            H2 = dropout_layer(H2, 0.5)
        return self.lin3(H2)


def dropout_scratch(lr):
    net = DropoutNet()
    return net, nn.CrossEntropyLoss(reduction='none'), torch.optim.SGD(net.parameters(), lr=lr)


def dropout_concise(lr):
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2),
                        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))

    def init_weights(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, std=0.01)

    net.apply(init_weights)
    return net, nn.CrossEntropyLoss(reduction='none'), torch.optim.SGD(net.parameters(), lr=lr)


SETUPS = {'3.6': scratch, '3.7': concise, '4.2': mlp_scratch, '4.3': mlp_concise,
          '4.6': dropout_scratch, '4.6-concise': dropout_concise}
# the book's learning rates: 0.1, but 0.5 for 4.6
LEARNING_RATES = {'4.6': 0.5, '4.6-concise': 0.5}


def blas_library():
    torch.ones(64, 64) @ torch.ones(64, 64)
    with open('/proc/self/maps') as maps:
        libs = {line.split()[-1] for line in maps if 'blas' in line.lower() or 'lapack' in line.lower()}
    return sorted(libs)


def parse_and_load(setups, default_threads):
    """The command line every script here takes; sets threads and seed, loads Fashion-MNIST."""
    p = argparse.ArgumentParser()
    p.add_argument('--setup', choices=sorted(setups), required=len(setups) > 1, default=sorted(setups)[0])
    p.add_argument('--threads', type=int, default=default_threads)
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--seed', type=int, default=42)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    return a, fashion_mnist.load('train'), fashion_mnist.load('test')


def report(a, seconds, train_loss, train_acc, test_acc, **extra):
    """The one JSON line compare.py reads; extra holds further fields (modern.py's sec_per_step)."""
    print(json.dumps({'setup': a.setup, 'threads': a.threads, 'sec_per_epoch': sorted(seconds)[len(seconds) // 2],
                      'seconds': seconds, 'train_loss': train_loss, 'train_acc': train_acc, 'test_acc': test_acc,
                      'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'blas': blas_library(),
                      **extra}))


def main():
    a, (train_X, train_y), (test_X, test_y) = parse_and_load(SETUPS, 2)
    net, loss, updater = SETUPS[a.setup](LEARNING_RATES.get(a.setup, 0.1))
    seconds = []
    for _ in range(a.epochs):
        start = time.perf_counter()
        train_loss, train_acc = train_epoch_ch3(net, fashion_mnist.batches(train_X, train_y, 256, True), loss, updater)
        seconds.append(time.perf_counter() - start)
        test_acc = evaluate_accuracy(net, lambda: fashion_mnist.batches(test_X, test_y, 256, False))
    report(a, seconds, train_loss, train_acc, test_acc)


if __name__ == '__main__':
    sys.exit(main())
