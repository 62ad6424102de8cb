"""The book's 12.5 (Training on Multiple GPUs, from scratch) in PyTorch on the CPU: its LeNet variant as
scratch parameters, get_params, allreduce, split_batch, train_batch and train, with every "device" the CPU
(the workers take turns in one process, as in d2l4j's MultipleGpus). Prints one JSON line like book.py:
per-epoch training seconds (the book's timer, around the training batches only), the final test accuracy
(worker 0's parameters; the book tracks no training loss or accuracy here, so those fields are null), and
the BLAS library PyTorch loaded.

    python3 multiple_gpus.py --setup 12.5-2 --threads 2 [--epochs 10] [--seed 42] [--train-size N]

--train-size N trains on the first N training examples only, as ./d2l run's (the test set stays whole).

The book's split_batch uses nn.parallel.scatter, which needs CUDA devices; on the CPU it is torch.chunk
along dim 0, the same split for the book's batch of 256 on 1 or 2 workers.
"""
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

import fashion_mnist
from book import accuracy, Accumulator, parse_and_load, report

SETUPS = {'12.5-1': 1, '12.5-2': 2}


def init_params():
    scale = 0.01
    W1 = torch.randn(size=(20, 1, 3, 3)) * scale
    b1 = torch.zeros(20)
    W2 = torch.randn(size=(50, 20, 5, 5)) * scale
    b2 = torch.zeros(50)
    W3 = torch.randn(size=(800, 128)) * scale
    b3 = torch.zeros(128)
    W4 = torch.randn(size=(128, 10)) * scale
    b4 = torch.zeros(10)
    return [W1, b1, W2, b2, W3, b3, W4, b4]


def lenet(X, params):
    h1_conv = F.conv2d(input=X, weight=params[0], bias=params[1])
    h1_activation = F.relu(h1_conv)
    h1 = F.avg_pool2d(input=h1_activation, kernel_size=(2, 2), stride=(2, 2))
    h2_conv = F.conv2d(input=h1, weight=params[2], bias=params[3])
    h2_activation = F.relu(h2_conv)
    h2 = F.avg_pool2d(input=h2_activation, kernel_size=(2, 2), stride=(2, 2))
    h2 = h2.reshape(h2.shape[0], -1)
    h3_linear = torch.mm(h2, params[4]) + params[5]
    h3 = F.relu(h3_linear)
    y_hat = torch.mm(h3, params[6]) + params[7]
    return y_hat


loss = nn.CrossEntropyLoss(reduction='none')


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def get_params(params, device):
    new_params = [p.clone().to(device) for p in params]
    for p in new_params:
        p.requires_grad_()
    return new_params


def allreduce(data):
    for i in range(1, len(data)):
        data[0][:] += data[i].to(data[0].device)
    for i in range(1, len(data)):
        data[i][:] = data[0].to(data[i].device)


def split_batch(X, y, devices):
    assert X.shape[0] == y.shape[0]
    return torch.chunk(X, len(devices)), torch.chunk(y, len(devices))


def train_batch(X, y, device_params, devices, lr):
    X_shards, y_shards = split_batch(X, y, devices)
    ls = [loss(lenet(X_shard, device_W), y_shard).sum()
          for X_shard, y_shard, device_W in zip(X_shards, y_shards, device_params)]
    for l in ls:
        l.backward()
    with torch.no_grad():
        for i in range(len(device_params[0])):
            allreduce([device_params[c][i].grad for c in range(len(devices))])
    for param in device_params:
        sgd(param, lr, X.shape[0])


def evaluate(params, test_X, test_y):
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in fashion_mnist.batches(test_X, test_y, 256, False):
            metric.add(accuracy(lenet(X, params), y), y.numel())
    return metric[0] / metric[1]


def pop_train_size():
    """--train-size N, taken off the command line before book.py's parse_and_load reads the rest."""
    if '--train-size' not in sys.argv:
        return None
    i = sys.argv.index('--train-size')
    n = int(sys.argv[i + 1])
    del sys.argv[i:i + 2]
    return n


def main():
    train_size = pop_train_size()
    a, (train_X, train_y), (test_X, test_y) = parse_and_load(set(SETUPS), 2)
    if train_size:
        train_X, train_y = train_X[:train_size], train_y[:train_size]
    devices = ['cpu'] * SETUPS[a.setup]
    params = init_params()
    device_params = [get_params(params, d) for d in devices]
    seconds = []
    for epoch in range(a.epochs):
        start = time.perf_counter()
        for X, y in fashion_mnist.batches(train_X, train_y, 256, True):
            train_batch(X, y, device_params, devices, 0.2)
        seconds.append(time.perf_counter() - start)
        test_acc = evaluate(device_params[0], test_X, test_y)
        print(f'epoch {epoch + 1}: test acc {test_acc:.3f}, {seconds[-1]:.1f} s', file=sys.stderr)
    report(a, seconds, None, None, test_acc)


if __name__ == '__main__':
    sys.exit(main())
