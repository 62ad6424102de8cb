"""The book's 9.1-9.4 (GRU, LSTM, deep and bidirectional RNNs) in PyTorch on the CPU: the chapter's
code with d2l's chapter 8 functions (load_data_time_machine, RNNModelScratch, RNNModel, train_ch8)
taken from rnn.py, with the book's hyperparameters (batch 32, 35 steps, the first 10,000
characters, 256 hidden units, 500 epochs, gradients clipped to a global norm of 1; lr 1, but 2 in
9.3). Prints per-epoch lines to stderr and one JSON line to stdout like rnn.py: seconds per
training epoch (train_epoch_ch8's Timer), perplexities, the final predictions, the number of
parameters and the BLAS library PyTorch loaded.

    /usr/bin/python3 rnn_modern.py --setup 9.1 [--epochs 500] [--seed 42] [--threads 1]
    /usr/bin/python3 rnn_modern.py --check     # parameter counts and state shapes, no training

Setups: 9.1-scratch is the GRU from scratch (get_params, init_gru_state, gru), 9.1 is
RNNModel(nn.GRU(len(vocab), 256)); 9.2-scratch is the LSTM from scratch (get_lstm_params,
init_lstm_state, lstm), 9.2 is RNNModel(nn.LSTM(len(vocab), 256)); 9.3 is nn.LSTM with 2 layers at
lr 2 (the book passes lr*1.0); 9.4 is the bidirectional 2-layer nn.LSTM at lr 1. The book trains the
scratch and the concise model of 9.1 (and of 9.2) one after the other on the same train_iter; here
each is its own run, seeded on its own. The concise models keep PyTorch's default init
(U(+-1/sqrt(256)) for every weight and both biases), the scratch ones draw randn*0.01 and zero
biases, as the book does.

The text comes from where rnn.py finds it ($D2L_HUB/timemachine.txt, then d2l4j's cache, then
/work/shared/data/d2l-hub). --seed seeds torch and Python's random (the iterators' offsets).
"""
import argparse
import json
import random
import resource
import sys

import torch
from torch import nn

from book import blas_library
from rnn import RNNModel, RNNModelScratch, device, load_data_time_machine, train_ch8


# ---- 9.1 GRU from scratch ----

def get_params(vocab_size, num_hiddens, device):
    num_inputs = num_outputs = vocab_size

    def normal(shape):
        return torch.randn(size=shape, device=device) * 0.01

    def three():
        return (normal((num_inputs, num_hiddens)),
                normal((num_hiddens, num_hiddens)),
                torch.zeros(num_hiddens, device=device))

    W_xz, W_hz, b_z = three()  # update gate
    W_xr, W_hr, b_r = three()  # reset gate
    W_xh, W_hh, b_h = three()  # candidate hidden state
    W_hq = normal((num_hiddens, num_outputs))  # output layer
    b_q = torch.zeros(num_outputs, device=device)
    params = [W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q]
    for param in params:
        param.requires_grad_(True)
    return params


def init_gru_state(batch_size, num_hiddens, device):
    return (torch.zeros((batch_size, num_hiddens), device=device),)  # a 1-tuple


def gru(inputs, state, params):
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        Z = torch.sigmoid((X @ W_xz) + (H @ W_hz) + b_z)
        R = torch.sigmoid((X @ W_xr) + (H @ W_hr) + b_r)
        H_tilda = torch.tanh((X @ W_xh) + ((R * H) @ W_hh) + b_h)  # reset before the product, unlike nn.GRU
        H = Z * H + (1 - Z) * H_tilda
        Y = H @ W_hq + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H,)


# ---- 9.2 LSTM from scratch ----

def get_lstm_params(vocab_size, num_hiddens, device):
    num_inputs = num_outputs = vocab_size

    def normal(shape):
        return torch.randn(size=shape, device=device) * 0.01

    def three():
        return (normal((num_inputs, num_hiddens)),
                normal((num_hiddens, num_hiddens)),
                torch.zeros(num_hiddens, device=device))

    W_xi, W_hi, b_i = three()  # input gate
    W_xf, W_hf, b_f = three()  # forget gate (bias 0: the book sets no forget-gate bias of 1)
    W_xo, W_ho, b_o = three()  # output gate
    W_xc, W_hc, b_c = three()  # candidate memory cell
    W_hq = normal((num_hiddens, num_outputs))  # output layer
    b_q = torch.zeros(num_outputs, device=device)
    params = [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc,
              b_c, W_hq, b_q]
    for param in params:
        param.requires_grad_(True)
    return params


def init_lstm_state(batch_size, num_hiddens, device):
    return (torch.zeros((batch_size, num_hiddens), device=device),
            torch.zeros((batch_size, num_hiddens), device=device))


def lstm(inputs, state, params):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c,
     W_hq, b_q] = params
    (H, C) = state
    outputs = []
    for X in inputs:
        I = torch.sigmoid((X @ W_xi) + (H @ W_hi) + b_i)
        F = torch.sigmoid((X @ W_xf) + (H @ W_hf) + b_f)
        O = torch.sigmoid((X @ W_xo) + (H @ W_ho) + b_o)
        C_tilda = torch.tanh((X @ W_xc) + (H @ W_hc) + b_c)
        C = F * C + I * C_tilda
        H = O * torch.tanh(C)
        Y = (H @ W_hq) + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H, C)


# ---- the runs: the book's cells, one setup each ----

num_hiddens = 256


def gru_scratch(vocab):
    return RNNModelScratch(len(vocab), num_hiddens, device, get_params, init_gru_state, gru)


def gru_concise(vocab):
    num_inputs = len(vocab)
    gru_layer = nn.GRU(num_inputs, num_hiddens)
    return RNNModel(gru_layer, len(vocab)).to(device)


def lstm_scratch(vocab):
    return RNNModelScratch(len(vocab), num_hiddens, device, get_lstm_params, init_lstm_state, lstm)


def lstm_concise(vocab):
    num_inputs = len(vocab)
    lstm_layer = nn.LSTM(num_inputs, num_hiddens)
    return RNNModel(lstm_layer, len(vocab)).to(device)


def deep_lstm(vocab):
    num_inputs, num_layers = len(vocab), 2
    lstm_layer = nn.LSTM(num_inputs, num_hiddens, num_layers)
    return RNNModel(lstm_layer, len(vocab)).to(device)


def bi_lstm(vocab):
    num_inputs, num_layers = len(vocab), 2
    lstm_layer = nn.LSTM(num_inputs, num_hiddens, num_layers, bidirectional=True)
    return RNNModel(lstm_layer, len(vocab)).to(device)


# setup: (net, lr); every setup trains train_ch8 on the sequential iterator, 500 epochs in the book
SETUPS = {'9.1-scratch': (gru_scratch, 1), '9.1': (gru_concise, 1),
          '9.2-scratch': (lstm_scratch, 1), '9.2': (lstm_concise, 1),
          '9.3': (deep_lstm, 2 * 1.0),  # the book's lr*1.0 with lr = 2
          '9.4': (bi_lstm, 1)}
# the inventory's parameter counts (V = 28), checked by --check
NUM_PARAMS = {'9.1-scratch': 226_076, '9.1': 226_844, '9.2-scratch': 299_036, '9.2': 300_060,
              '9.3': 826_396, '9.4': 2_177_052}


def num_params(net):
    params = net.params if isinstance(net, RNNModelScratch) else list(net.parameters())
    return sum(p.numel() for p in params)


def check(vocab):
    """The book's checkable figures that need no training: parameter counts, output and state shapes."""
    batch_size, num_steps = 32, 35
    X = torch.zeros((batch_size, num_steps), dtype=torch.long)
    for setup, (make_net, _) in SETUPS.items():
        net = make_net(vocab)
        n = num_params(net)
        assert n == NUM_PARAMS[setup], f'{setup}: {n} parameters, the inventory says {NUM_PARAMS[setup]}'
        if isinstance(net, RNNModelScratch):
            state = net.begin_state(batch_size, device)
        else:
            state = net.begin_state(device, batch_size)
        Y, new_state = net(X, state)
        assert tuple(Y.shape) == (num_steps * batch_size, len(vocab)), f'{setup}: output {tuple(Y.shape)}'
        shapes = [tuple(s.shape) for s in (new_state if isinstance(new_state, tuple) else (new_state,))]
        assert shapes == [tuple(s.shape) for s in (state if isinstance(state, tuple) else (state,))], setup
        print(f'{setup}: {n} parameters, output {tuple(Y.shape)}, state {shapes}', file=sys.stderr)
    print(json.dumps({'check': 'ok', 'num_params': NUM_PARAMS}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--setup', choices=sorted(SETUPS))
    p.add_argument('--epochs', type=int, default=500)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--check', action='store_true', help='parameter counts and shapes only, no training')
    a = p.parse_args()
    if a.epochs < 1 or a.threads < 1:
        p.error(f'--epochs {a.epochs} and --threads {a.threads} must be at least 1')
    if not a.check and a.setup is None:
        p.error('--setup is required unless --check')
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)

    batch_size, num_steps = 32, 35
    train_iter, vocab = load_data_time_machine(batch_size, num_steps)
    if a.check:
        check(vocab)
        return 0
    make_net, lr = SETUPS[a.setup]
    net = make_net(vocab)
    num_epochs = a.epochs
    ppl_per_epoch, seconds, speed, time_traveller, traveller = train_ch8(
        net, train_iter, vocab, lr, num_epochs, device)
    print(json.dumps({'setup': a.setup, 'threads': a.threads, 'seed': a.seed, 'epochs': num_epochs, 'lr': lr,
                      'sec_per_epoch': sorted(seconds)[len(seconds) // 2], 'seconds': seconds,
                      'perplexity': ppl_per_epoch[-1], 'tokens_per_sec': speed, 'ppl_per_epoch': ppl_per_epoch,
                      'predict_time_traveller': time_traveller, 'predict_traveller': traveller,
                      'num_params': num_params(net),
                      'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'blas': blas_library()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
