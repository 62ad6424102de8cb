"""The book's airfoil runs of 11.5-11.10 (d2l-zh 2.0, PyTorch) over many seeds: the spread of their final
losses, from which d2l4j's integration tests take their bands (airfoil-reference.md has the figures).

The optimisers are the book's from-scratch code (sgd_momentum, adagrad, rmsprop, adadelta, adam, yogi) and
its concise torch.optim calls, run through airfoil.py's train_ch11 / train_concise_ch11 at the book's
settings (batch 10; scratch 2 epochs, concise 4; 11.5's four train_sgd settings).

    /usr/bin/python3 optimizers.py [--seeds 40] [--first 42] [--threads 1]
"""
import argparse
import contextlib
import io

import numpy as np
import torch

from airfoil import get_data_ch11, sgd, train_ch11, train_concise_ch11


def zeros(feature_dim):
    return (torch.zeros((feature_dim, 1)), torch.zeros(1))


def pairs(feature_dim):
    return ((torch.zeros((feature_dim, 1)), torch.zeros((feature_dim, 1))), (torch.zeros(1), torch.zeros(1)))


def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams['momentum'] * v + p.grad
            p[:] -= hyperparams['lr'] * v
        p.grad.data.zero_()


def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


def rmsprop(params, states, hyperparams):
    gamma, eps = hyperparams['gamma'], 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] = gamma * s + (1 - gamma) * torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


def adadelta(params, states, hyperparams):
    rho, eps = hyperparams['rho'], 1e-5
    for p, (s, delta) in zip(params, states):
        with torch.no_grad():
            s[:] = rho * s + (1 - rho) * torch.square(p.grad)
            g = (torch.sqrt(delta + eps) / torch.sqrt(s + eps)) * p.grad
            p[:] -= g
            delta[:] = rho * delta + (1 - rho) * g * g
        p.grad.data.zero_()


def adam(params, states, hyperparams, yogi=False):
    beta1, beta2, eps = 0.9, 0.999, (1e-3 if yogi else 1e-6)
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            if yogi:
                s[:] = s + (1 - beta2) * torch.sign(torch.square(p.grad) - s) * torch.square(p.grad)
            else:
                s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])
            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])
            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)
        p.grad.data.zero_()
    hyperparams['t'] += 1


def scratch(fn, states, hyperparams, batch_size=10, epochs=2):
    def run():
        data_iter, feature_dim = get_data_ch11(batch_size)
        return train_ch11(fn, states(feature_dim) if states else None, dict(hyperparams), data_iter, feature_dim,
                          epochs)[1][-1]
    return run


def concise(optimizer, hyperparams):
    return lambda: train_concise_ch11(optimizer, hyperparams, get_data_ch11(10)[0])[1][-1]


RUNS = {
    '11.5 gd (1, 1500, 10 epochs)': scratch(sgd, None, {'lr': 1}, 1500, 10),
    '11.5 sgd (0.005, 1)': scratch(sgd, None, {'lr': 0.005}, 1),
    '11.5 (0.4, 100)': scratch(sgd, None, {'lr': 0.4}, 100),
    '11.5 (0.05, 10)': scratch(sgd, None, {'lr': 0.05}),
    '11.5 concise SGD(0.01)': concise(torch.optim.SGD, {'lr': 0.01}),
    '11.6 momentum (0.02, 0.5)': scratch(sgd_momentum, zeros, {'lr': 0.02, 'momentum': 0.5}),
    '11.6 momentum (0.01, 0.9)': scratch(sgd_momentum, zeros, {'lr': 0.01, 'momentum': 0.9}),
    '11.6 momentum (0.005, 0.9)': scratch(sgd_momentum, zeros, {'lr': 0.005, 'momentum': 0.9}),
    '11.6 concise SGD(0.005, 0.9)': concise(torch.optim.SGD, {'lr': 0.005, 'momentum': 0.9}),
    '11.7 adagrad': scratch(adagrad, zeros, {'lr': 0.1}),
    '11.7 concise Adagrad(0.1)': concise(torch.optim.Adagrad, {'lr': 0.1}),
    '11.8 rmsprop': scratch(rmsprop, zeros, {'lr': 0.01, 'gamma': 0.9}),
    '11.8 concise RMSprop(0.01, 0.9)': concise(torch.optim.RMSprop, {'lr': 0.01, 'alpha': 0.9}),
    '11.9 adadelta': scratch(adadelta, pairs, {'rho': 0.9}),
    '11.9 concise Adadelta(0.9)': concise(torch.optim.Adadelta, {'rho': 0.9}),
    '11.10 adam': scratch(adam, pairs, {'lr': 0.01, 't': 1}),
    '11.10 concise Adam(0.01)': concise(torch.optim.Adam, {'lr': 0.01}),
    '11.10 yogi': scratch(lambda p, s, h: adam(p, s, h, yogi=True), pairs, {'lr': 0.01, 't': 1}),
}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seeds', type=int, default=40)
    p.add_argument('--first', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    for name, run in RUNS.items():
        losses = []
        for seed in range(a.first, a.first + a.seeds):
            torch.manual_seed(seed)
            with contextlib.redirect_stderr(io.StringIO()):  # the book's per-run loss line
                losses.append(run())
        v = np.array(losses)
        print(f'| {name} | {v.min():.4f} | {np.median(v):.4f} | {v.max():.4f} | {v[0]:.4f} |', flush=True)


if __name__ == '__main__':
    main()
