"""The book's 6.6 (LeNet) in PyTorch: its net, init, train_ch6 and evaluate_accuracy_gpu on the CPU, with the
data held in memory. Prints one JSON line like book.py: per-epoch training seconds (the book's Timer, which
runs around each batch), final metrics, and the BLAS library PyTorch loaded.

    python3 lenet.py --threads 1 [--epochs 10] [--seed 42]
"""
import sys
import time

import torch
from torch import nn

import fashion_mnist
from book import Accumulator, accuracy, evaluate_accuracy, parse_and_load, report


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))


# The book's evaluate_accuracy_gpu also moves each batch to the net's device; on the CPU it is
# evaluate_accuracy (eval mode, no_grad, accuracy over every batch).
evaluate_accuracy_gpu = evaluate_accuracy


def train_ch6(net, train_X, train_y, test_X, test_y, num_epochs, lr, batch_size):
    def init_weights(m):
        if type(m) == nn.Linear or type(m) == nn.Conv2d:
            nn.init.xavier_uniform_(m.weight)
    net.apply(init_weights)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    seconds = []
    for epoch in range(num_epochs):
        metric = Accumulator(3)
        net.train()
        start = time.perf_counter()
        for X, y in fashion_mnist.batches(train_X, train_y, batch_size, True):
            optimizer.zero_grad()
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            optimizer.step()
            with torch.no_grad():
                metric.add(l * X.shape[0], accuracy(y_hat, y), X.shape[0])
        seconds.append(time.perf_counter() - start)
        test_acc = evaluate_accuracy_gpu(net, lambda: fashion_mnist.batches(test_X, test_y, batch_size, False))
        print(f'epoch {epoch + 1}: loss {metric[0] / metric[2]:.3f}, train acc {metric[1] / metric[2]:.3f}, '
              f'test acc {test_acc:.3f}, {seconds[-1]:.1f} s', file=sys.stderr)
    return metric[0] / metric[2], metric[1] / metric[2], test_acc, seconds


def main():
    a, (train_X, train_y), (test_X, test_y) = parse_and_load({'6.6'}, 1)
    train_loss, train_acc, test_acc, seconds = train_ch6(lenet(), train_X, train_y, test_X, test_y, a.epochs, 0.9, 256)
    report(a, seconds, train_loss, train_acc, test_acc)


if __name__ == '__main__':
    sys.exit(main())
