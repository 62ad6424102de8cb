"""The book's 8.5 (RNN from scratch) and 8.6 (concise RNN, nn.RNN) in PyTorch on the CPU: d2l/torch.py's
read_time_machine ... train_ch8 and RNNModel, self-contained, with the book's hyperparameters (batch 32,
35 steps, the first 10,000 characters, lr 1, 500 epochs, gradients clipped to a global norm of 1).
Prints per-epoch lines to stderr and one JSON line to stdout like book.py: seconds per training epoch
(train_epoch_ch8's Timer), perplexities, the final predictions and the BLAS library PyTorch loaded.

    /usr/bin/python3 rnn.py --setup 8.5 [--epochs 500] [--seed 42] [--threads 1]

Setups: 8.5 is the book's first run (num_hiddens 512, sequential partitions, the state carried across
batches); 8.5-random is its second run: a NEW RNNModelScratch trained on the SAME sequential train_iter
with use_random_iter=True, so only the state is reset every batch (the data stay sequential);
8.6 is RNNModel(nn.RNN(len(vocab), 256)) with PyTorch's default init.

The text comes from $D2L_HUB/timemachine.txt, or d2l4j's cache ($D2L_CACHE, default ~/.d2l/data),
or /work/shared/data/d2l-hub, checked against the book's SHA-1. The book never seeds;
here --seed seeds torch and Python's random (the iterators' offsets and shuffles). The book's cells
that only print shapes or an untrained prediction before training are left out.
"""
import argparse
import collections
import hashlib
import json
import math
import os
import random
import re
import resource
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

from book import Accumulator, blas_library, sgd

TIME_MACHINE_SHA1 = '090b5e7e70c295757f55df93cb0a180b9691891a'  # the book's DATA_HUB['time_machine']
device = torch.device('cpu')


class Timer:
    """d2l.Timer: starts when made; stop() records and returns the interval since the last start()."""

    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        self.tik = time.perf_counter()

    def stop(self):
        self.times.append(time.perf_counter() - self.tik)
        return self.times[-1]


# ---- 8.2 text preprocessing ----

def download_time_machine():
    """d2l.download('time_machine') without the network: where d2l4j finds it ($D2L_HUB, then its cache
    $D2L_CACHE or ~/.d2l/data), else the project's shared copy; checked by SHA-1."""
    candidates = [os.environ.get('D2L_HUB'), os.environ.get('D2L_CACHE', os.path.expanduser('~/.d2l/data')),
                  '/work/shared/data/d2l-hub']
    paths = [os.path.join(c, 'timemachine.txt') for c in candidates if c]
    path = next((p for p in paths if os.path.isfile(p)), None)
    if path is None:
        raise SystemExit(f'timemachine.txt not found in {paths}: set D2L_HUB to the folder holding it')
    with open(path, 'rb') as f:
        sha1 = hashlib.sha1(f.read()).hexdigest()
    if sha1 != TIME_MACHINE_SHA1:
        raise SystemExit(f'{path} has SHA-1 {sha1}, not the book\'s {TIME_MACHINE_SHA1}')
    return path


def read_time_machine():
    with open(download_time_machine(), 'r') as f:
        lines = f.readlines()
    return [re.sub('[^A-Za-z]+', ' ', line).strip().lower() for line in lines]


def tokenize(lines, token='word'):
    if token == 'word':
        return [line.split() for line in lines]
    elif token == 'char':
        return [list(line) for line in lines]
    else:
        print('错误：未知词元类型：' + token)


class Vocab:
    def __init__(self, tokens=None, min_freq=0, reserved_tokens=None):
        if tokens is None:
            tokens = []
        if reserved_tokens is None:
            reserved_tokens = []
        counter = count_corpus(tokens)
        # sorted is stable: tied counts keep their first-occurrence order
        self._token_freqs = sorted(counter.items(), key=lambda x: x[1], reverse=True)
        self.idx_to_token = ['<unk>'] + reserved_tokens
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}
        for token, freq in self._token_freqs:
            if freq < min_freq:
                break
            if token not in self.token_to_idx:
                self.idx_to_token.append(token)
                self.token_to_idx[token] = len(self.idx_to_token) - 1

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, tokens):
        if not isinstance(tokens, (list, tuple)):
            return self.token_to_idx.get(tokens, self.unk)
        return [self.__getitem__(token) for token in tokens]

    def to_tokens(self, indices):
        if not isinstance(indices, (list, tuple)):
            return self.idx_to_token[indices]
        return [self.idx_to_token[index] for index in indices]

    @property
    def unk(self):
        return 0

    @property
    def token_freqs(self):
        return self._token_freqs


def count_corpus(tokens):
    if len(tokens) == 0 or isinstance(tokens[0], list):
        tokens = [token for line in tokens for token in line]
    return collections.Counter(tokens)


def load_corpus_time_machine(max_tokens=-1):
    lines = read_time_machine()
    tokens = tokenize(lines, 'char')
    vocab = Vocab(tokens)  # built on the whole text, before the corpus is cut to max_tokens
    # the lines are joined with no separator ("wellsithe"): the book's "himwas", "seethe"
    corpus = [vocab[token] for line in tokens for token in line]
    if max_tokens > 0:
        corpus = corpus[:max_tokens]
    return corpus, vocab


# ---- 8.3 language models and the dataset ----

def seq_data_iter_random(corpus, batch_size, num_steps):
    corpus = corpus[random.randint(0, num_steps - 1):]
    num_subseqs = (len(corpus) - 1) // num_steps
    initial_indices = list(range(0, num_subseqs * num_steps, num_steps))
    random.shuffle(initial_indices)

    def data(pos):
        return corpus[pos: pos + num_steps]

    num_batches = num_subseqs // batch_size
    for i in range(0, batch_size * num_batches, batch_size):
        initial_indices_per_batch = initial_indices[i: i + batch_size]
        X = [data(j) for j in initial_indices_per_batch]
        Y = [data(j + 1) for j in initial_indices_per_batch]
        yield torch.tensor(X), torch.tensor(Y)


def seq_data_iter_sequential(corpus, batch_size, num_steps):
    offset = random.randint(0, num_steps)  # inclusive num_steps, unlike the random iterator's num_steps - 1
    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size
    Xs = torch.tensor(corpus[offset: offset + num_tokens])
    Ys = torch.tensor(corpus[offset + 1: offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    num_batches = Xs.shape[1] // num_steps
    for i in range(0, num_steps * num_batches, num_steps):
        X = Xs[:, i: i + num_steps]
        Y = Ys[:, i: i + num_steps]
        yield X, Y


class SeqDataLoader:
    def __init__(self, batch_size, num_steps, use_random_iter, max_tokens):
        if use_random_iter:
            self.data_iter_fn = seq_data_iter_random
        else:
            self.data_iter_fn = seq_data_iter_sequential
        self.corpus, self.vocab = load_corpus_time_machine(max_tokens)
        self.batch_size, self.num_steps = batch_size, num_steps

    def __iter__(self):
        # a new generator, so a new random offset, every epoch
        return self.data_iter_fn(self.corpus, self.batch_size, self.num_steps)


def load_data_time_machine(batch_size, num_steps, use_random_iter=False, max_tokens=10000):
    data_iter = SeqDataLoader(batch_size, num_steps, use_random_iter, max_tokens)
    return data_iter, data_iter.vocab


# ---- 8.5 RNN from scratch ----

def get_params(vocab_size, num_hiddens, device):
    num_inputs = num_outputs = vocab_size

    def normal(shape):
        return torch.randn(size=shape, device=device) * 0.01

    W_xh = normal((num_inputs, num_hiddens))
    W_hh = normal((num_hiddens, num_hiddens))
    b_h = torch.zeros(num_hiddens, device=device)
    W_hq = normal((num_hiddens, num_outputs))
    b_q = torch.zeros(num_outputs, device=device)
    params = [W_xh, W_hh, b_h, W_hq, b_q]
    for param in params:
        param.requires_grad_(True)
    return params


def init_rnn_state(batch_size, num_hiddens, device):
    return (torch.zeros((batch_size, num_hiddens), device=device),)  # a tuple


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        H = torch.tanh(torch.mm(X, W_xh) + torch.mm(H, W_hh) + b_h)
        Y = torch.mm(H, W_hq) + b_q
        outputs.append(Y)
    return torch.cat(outputs, dim=0), (H,)


class RNNModelScratch:
    def __init__(self, vocab_size, num_hiddens, device, get_params, init_state, forward_fn):
        self.vocab_size, self.num_hiddens = vocab_size, num_hiddens
        self.params = get_params(vocab_size, num_hiddens, device)
        self.init_state, self.forward_fn = init_state, forward_fn

    def __call__(self, X, state):
        X = F.one_hot(X.T, self.vocab_size).type(torch.float32)
        return self.forward_fn(X, state, self.params)

    def begin_state(self, batch_size, device):  # (batch_size, device): RNNModel's order is the reverse
        return self.init_state(batch_size, self.num_hiddens, device)


def predict_ch8(prefix, num_preds, net, vocab, device):
    state = net.begin_state(batch_size=1, device=device)
    outputs = [vocab[prefix[0]]]
    get_input = lambda: torch.tensor([outputs[-1]], device=device).reshape((1, 1))
    for y in prefix[1:]:  # warm-up
        _, state = net(get_input(), state)
        outputs.append(vocab[y])
    for _ in range(num_preds):  # greedy: argmax
        y, state = net(get_input(), state)
        outputs.append(int(y.argmax(dim=1).reshape(1)))
    return ''.join([vocab.idx_to_token[i] for i in outputs])


def grad_clipping(net, theta):
    """One global L2 norm over all parameters' gradients, not per layer."""
    if isinstance(net, nn.Module):
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = net.params
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm


def train_epoch_ch8(net, train_iter, loss, updater, device, use_random_iter):
    """The book's, returning the epoch's seconds (its Timer's stop()) as well as perplexity and speed."""
    state, timer = None, Timer()
    metric = Accumulator(2)  # sum of training loss, number of tokens
    for X, Y in train_iter:
        if state is None or use_random_iter:
            # zeros on the first batch of every epoch, and on every batch with use_random_iter
            state = net.begin_state(batch_size=X.shape[0], device=device)
        else:
            # keep the values, cut the graph: BPTT truncated to num_steps, state carried across batches
            if isinstance(net, nn.Module) and not isinstance(state, tuple):
                state.detach_()  # a tensor for nn.RNN and nn.GRU
            else:
                for s in state:  # a tuple for nn.LSTM and the scratch models
                    s.detach_()
        y = Y.T.reshape(-1)
        X, y = X.to(device), y.to(device)
        y_hat, state = net(X, state)
        l = loss(y_hat, y.long()).mean()
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.backward()
            grad_clipping(net, 1)
            updater.step()
        else:
            l.backward()
            grad_clipping(net, 1)
            updater(batch_size=1)  # the loss is already a mean
        metric.add(l * y.numel(), y.numel())
    seconds = timer.stop()
    return math.exp(metric[0] / metric[1]), metric[1] / seconds, seconds


def train_ch8(net, train_iter, vocab, lr, num_epochs, device, use_random_iter=False):
    """The book's, without the Animator: per-epoch lines on stderr; returns what it prints at the end."""
    loss = nn.CrossEntropyLoss()
    if isinstance(net, nn.Module):
        updater = torch.optim.SGD(net.parameters(), lr)
    else:
        updater = lambda batch_size: sgd(net.params, lr, batch_size)
    predict = lambda prefix: predict_ch8(prefix, 50, net, vocab, device)
    ppl_per_epoch, seconds = [], []
    for epoch in range(num_epochs):
        ppl, speed, sec = train_epoch_ch8(net, train_iter, loss, updater, device, use_random_iter)
        ppl_per_epoch.append(ppl)
        seconds.append(sec)
        print(f'epoch {epoch + 1}: perplexity {ppl:.2f}, {speed:.1f} tokens/sec, {sec:.3f} s', file=sys.stderr)
        if (epoch + 1) % 10 == 0:
            print(predict('time traveller'), file=sys.stderr)
    print(f'perplexity {ppl:.1f}, {speed:.1f} tokens/sec on {str(device)}', file=sys.stderr)
    time_traveller, traveller = predict('time traveller'), predict('traveller')
    print(time_traveller, file=sys.stderr)
    print(traveller, file=sys.stderr)
    return ppl_per_epoch, seconds, speed, time_traveller, traveller


# ---- 8.6 concise RNN ----

class RNNModel(nn.Module):
    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super(RNNModel, self).__init__(**kwargs)
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.num_hiddens = self.rnn.hidden_size
        if not self.rnn.bidirectional:
            self.num_directions = 1
            self.linear = nn.Linear(self.num_hiddens, self.vocab_size)
        else:
            self.num_directions = 2
            self.linear = nn.Linear(self.num_hiddens * 2, self.vocab_size)

    def forward(self, inputs, state):
        X = F.one_hot(inputs.T.long(), self.vocab_size)
        X = X.to(torch.float32)
        Y, state = self.rnn(X, state)
        output = self.linear(Y.reshape((-1, Y.shape[-1])))
        return output, state

    def begin_state(self, device, batch_size=1):
        if not isinstance(self.rnn, nn.LSTM):
            return torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens),
                               device=device)
        else:
            return (torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens),
                                device=device),
                    torch.zeros((self.num_directions * self.rnn.num_layers, batch_size, self.num_hiddens),
                                device=device))


# ---- the runs ----

def rnn_scratch(vocab):
    return RNNModelScratch(len(vocab), 512, device, get_params, init_rnn_state, rnn)


def rnn_concise(vocab):
    return RNNModel(nn.RNN(len(vocab), 256), vocab_size=len(vocab)).to(device)


# setup: (net, use_random_iter); every setup trains on the sequential iterator, as the book does
SETUPS = {'8.5': (rnn_scratch, False), '8.5-random': (rnn_scratch, True), '8.6': (rnn_concise, False)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--setup', choices=sorted(SETUPS), required=True)
    p.add_argument('--epochs', type=int, default=500)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    if a.epochs < 1 or a.threads < 1:
        p.error(f'--epochs {a.epochs} and --threads {a.threads} must be at least 1')
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)

    batch_size, num_steps = 32, 35
    train_iter, vocab = load_data_time_machine(batch_size, num_steps)
    make_net, use_random_iter = SETUPS[a.setup]
    net = make_net(vocab)
    num_epochs, lr = a.epochs, 1
    ppl_per_epoch, seconds, speed, time_traveller, traveller = train_ch8(
        net, train_iter, vocab, lr, num_epochs, device, use_random_iter=use_random_iter)
    print(json.dumps({'setup': a.setup, 'threads': a.threads, 'seed': a.seed, 'epochs': num_epochs,
                      'sec_per_epoch': sorted(seconds)[len(seconds) // 2], 'seconds': seconds,
                      'perplexity': ppl_per_epoch[-1], 'tokens_per_sec': speed, 'ppl_per_epoch': ppl_per_epoch,
                      'predict_time_traveller': time_traveller, 'predict_traveller': traveller,
                      'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'blas': blas_library()}))


if __name__ == '__main__':
    sys.exit(main())
