"""The book's 9.5-9.7 (the machine-translation data set, the encoder-decoder and seq2seq) in PyTorch on
the CPU: d2l's read_data_nmt ... load_data_nmt, Encoder/Decoder/EncoderDecoder, Seq2SeqEncoder,
Seq2SeqDecoder, sequence_mask, MaskedSoftmaxCELoss, train_seq2seq, predict_seq2seq and bleu,
self-contained, with the book's hyperparameters (embed 32, 32 hidden units, 2 GRU layers, dropout
0.1, batch 64, 10 steps, the first 600 examples (601 pairs), Adam lr 0.005, 300 epochs, gradients
clipped to a global norm of 1). Prints per-epoch lines to stderr and one JSON line to stdout like
rnn.py: seconds per training epoch (train_seq2seq's Timer), the loss as train_seq2seq prints it
(sum of the per-sequence masked losses over the sum of target valid lengths), the book's four
translations with their BLEU (k=2) and the BLAS library PyTorch loaded.

    /usr/bin/python3 seq2seq.py --setup 9.7 [--epochs 300] [--seed 42] [--threads 1] [--fra-eng ZIP]
    /usr/bin/python3 seq2seq.py --check      # the book's printed figures that need no training

fra-eng: --fra-eng ZIP, else $D2L_FRA_ENG, else $D2L_HUB/fra-eng.zip if there, else
/work/shared/data/fra-eng/fra-eng-modelexlab.zip (a near copy of the book's zip whose fra.txt
reproduces every printed 9.5 figure; see that folder's README). The zip is read in place
(fra-eng/fra.txt; the __MACOSX entries are ignored). --seed seeds torch (initialisation, dropout,
the DataLoader's shuffle). The book's bleu() divides by zero for a prediction shorter than k tokens
(an empty or one-token translation): the script keeps the book's function and reports such a BLEU as
null, with the error, rather than crash.
"""
import argparse
import collections
import hashlib
import json
import math
import os
import resource
import sys
import zipfile

import torch
from torch import nn
from torch.utils import data

from book import Accumulator, blas_library
from rnn import Timer, Vocab, grad_clipping

device = torch.device('cpu')
# SHA-1 of the zips known to hold the book's fra.txt: the book's DATA_HUB['fra-eng'] and the near copy
KNOWN_ZIPS = {'94646ad1522d915e7b0f9296181140edcf86a4f5': "the book's fra-eng.zip",
              '73848f36c17cc9c0187a058d6f7f315e68cdd61f': 'fra-eng-modelexlab.zip (modelexlab/data)'}
DEFAULT_ZIP = '/work/shared/data/fra-eng/fra-eng-modelexlab.zip'


def fra_eng_zip(arg):
    """Where the zip is: the argument, $D2L_FRA_ENG, $D2L_HUB/fra-eng.zip, the shared near copy."""
    hub = os.environ.get('D2L_HUB')
    candidates = [arg, os.environ.get('D2L_FRA_ENG'), hub and os.path.join(hub, 'fra-eng.zip'), DEFAULT_ZIP]
    path = next((c for c in candidates if c and os.path.isfile(c)), None)
    if path is None:
        raise SystemExit(f'fra-eng.zip not found in {[c for c in candidates if c]}: pass --fra-eng ZIP')
    return path


# ---- 9.5 machine translation and the data set ----

def read_data_nmt(zip_path):
    """The book's read_data_nmt, reading fra-eng/fra.txt from the zip instead of download_extract."""
    with zipfile.ZipFile(zip_path) as z:
        with z.open('fra-eng/fra.txt') as f:
            return f.read().decode('utf-8')


def preprocess_nmt(text):
    def no_space(char, prev_char):
        return char in set(',.!?') and prev_char != ' '

    # non-breaking spaces become spaces, upper case becomes lower case
    text = text.replace('\u202f', ' ').replace('\xa0', ' ').lower()
    # a space between words and punctuation
    out = [' ' + char if i > 0 and no_space(char, text[i - 1]) else char
           for i, char in enumerate(text)]
    return ''.join(out)


def tokenize_nmt(text, num_examples=None):
    source, target = [], []
    for i, line in enumerate(text.split('\n')):
        if num_examples and i > num_examples:  # i > 600 keeps lines 0..600: 601 pairs, the book's off-by-one
            break
        parts = line.split('\t')
        if len(parts) == 2:
            source.append(parts[0].split(' '))
            target.append(parts[1].split(' '))
    return source, target


def truncate_pad(line, num_steps, padding_token):
    if len(line) > num_steps:
        return line[:num_steps]  # truncate
    return line + [padding_token] * (num_steps - len(line))  # pad


def build_array_nmt(lines, vocab, num_steps):
    lines = [vocab[l] for l in lines]
    lines = [l + [vocab['<eos>']] for l in lines]
    array = torch.tensor([truncate_pad(
        l, num_steps, vocab['<pad>']) for l in lines])
    valid_len = (array != vocab['<pad>']).type(torch.int32).sum(1)  # counts <eos>
    return array, valid_len


def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


def load_data_nmt(batch_size, num_steps, num_examples=600, zip_path=DEFAULT_ZIP):
    text = preprocess_nmt(read_data_nmt(zip_path))
    source, target = tokenize_nmt(text, num_examples)
    src_vocab = Vocab(source, min_freq=2,
                      reserved_tokens=['<pad>', '<bos>', '<eos>'])
    tgt_vocab = Vocab(target, min_freq=2,
                      reserved_tokens=['<pad>', '<bos>', '<eos>'])
    src_array, src_valid_len = build_array_nmt(source, src_vocab, num_steps)
    tgt_array, tgt_valid_len = build_array_nmt(target, tgt_vocab, num_steps)
    data_arrays = (src_array, src_valid_len, tgt_array, tgt_valid_len)
    data_iter = load_array(data_arrays, batch_size)
    return data_iter, src_vocab, tgt_vocab


# ---- 9.6 the encoder-decoder architecture ----

class Encoder(nn.Module):
    def __init__(self, **kwargs):
        super(Encoder, self).__init__(**kwargs)

    def forward(self, X, *args):
        raise NotImplementedError


class Decoder(nn.Module):
    def __init__(self, **kwargs):
        super(Decoder, self).__init__(**kwargs)

    def init_state(self, enc_outputs, *args):
        raise NotImplementedError

    def forward(self, X, state):
        raise NotImplementedError


class EncoderDecoder(nn.Module):
    def __init__(self, encoder, decoder, **kwargs):
        super(EncoderDecoder, self).__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder

    def forward(self, enc_X, dec_X, *args):
        enc_outputs = self.encoder(enc_X, *args)
        dec_state = self.decoder.init_state(enc_outputs, *args)
        return self.decoder(dec_X, dec_state)


# ---- 9.7 sequence to sequence learning ----

class Seq2SeqEncoder(Encoder):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 dropout=0, **kwargs):
        super(Seq2SeqEncoder, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size, num_hiddens, num_layers,
                          dropout=dropout)

    def forward(self, X, *args):  # the valid lengths in args go unused: the GRU reads the pads too
        X = self.embedding(X)
        X = X.permute(1, 0, 2)  # time first
        output, state = self.rnn(X)
        return output, state


class Seq2SeqDecoder(Decoder):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 dropout=0, **kwargs):
        super(Seq2SeqDecoder, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers,
                          dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, *args):
        return enc_outputs[1]

    def forward(self, X, state):
        X = self.embedding(X).permute(1, 0, 2)
        # the context is the top layer of the CURRENT state: the encoder's in training (one call over
        # all steps), the decoder's previous step in predict_seq2seq (one call per token)
        context = state[-1].repeat(X.shape[0], 1, 1)
        X_and_context = torch.cat((X, context), 2)
        output, state = self.rnn(X_and_context, state)
        output = self.dense(output).permute(1, 0, 2)
        return output, state


def sequence_mask(X, valid_len, value=0):
    maxlen = X.size(1)
    mask = torch.arange((maxlen), dtype=torch.float32,
                        device=X.device)[None, :] < valid_len[:, None]
    X[~mask] = value  # in place
    return X


class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    def forward(self, pred, label, valid_len):
        weights = torch.ones_like(label)
        weights = sequence_mask(weights, valid_len)
        self.reduction = 'none'
        unweighted_loss = super(MaskedSoftmaxCELoss, self).forward(
            pred.permute(0, 2, 1), label)
        weighted_loss = (unweighted_loss * weights).mean(dim=1)  # over num_steps, not the valid length
        return weighted_loss


def train_seq2seq(net, data_iter, lr, num_epochs, tgt_vocab, device):
    """The book's, without the Animator: per-epoch lines on stderr; returns each epoch's loss and
    seconds (its Timer, made at the start of the epoch, stopped at its end) and the last speed."""
    def xavier_init_weights(m):
        if type(m) == nn.Linear:
            nn.init.xavier_uniform_(m.weight)
        if type(m) == nn.GRU:
            for param in m._flat_weights_names:
                if "weight" in param:
                    nn.init.xavier_uniform_(m._parameters[param])

    net.apply(xavier_init_weights)
    net.to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    loss = MaskedSoftmaxCELoss()
    net.train()
    loss_per_epoch, seconds = [], []
    for epoch in range(num_epochs):
        timer = Timer()
        metric = Accumulator(2)  # sum of training loss, number of tokens
        for batch in data_iter:
            optimizer.zero_grad()
            X, X_valid_len, Y, Y_valid_len = [x.to(device) for x in batch]
            bos = torch.tensor([tgt_vocab['<bos>']] * Y.shape[0],
                               device=device).reshape(-1, 1)
            dec_input = torch.cat([bos, Y[:, :-1]], 1)  # teacher forcing
            Y_hat, _ = net(X, dec_input, X_valid_len)
            l = loss(Y_hat, Y, Y_valid_len)
            l.sum().backward()  # the sum over the batch, so clipping sees batch-summed gradients
            grad_clipping(net, 1)
            num_tokens = Y_valid_len.sum()
            optimizer.step()
            with torch.no_grad():
                metric.add(l.sum(), num_tokens)
        seconds.append(timer.stop())
        loss_per_epoch.append(float(metric[0] / metric[1]))
        print(f'epoch {epoch + 1}: loss {loss_per_epoch[-1]:.4f}, {seconds[-1]:.3f} s', file=sys.stderr)
    speed = float(metric[1] / seconds[-1])
    print(f'loss {metric[0] / metric[1]:.3f}, {speed:.1f} '
          f'tokens/sec on {str(device)}', file=sys.stderr)
    return loss_per_epoch, seconds, speed


def predict_seq2seq(net, src_sentence, src_vocab, tgt_vocab, num_steps,
                    device, save_attention_weights=False):
    # evaluation mode for prediction
    net.eval()
    src_tokens = src_vocab[src_sentence.lower().split(' ')] + [
        src_vocab['<eos>']]
    enc_valid_len = torch.tensor([len(src_tokens)], device=device)  # before truncation
    src_tokens = truncate_pad(src_tokens, num_steps, src_vocab['<pad>'])
    # the batch axis
    enc_X = torch.unsqueeze(
        torch.tensor(src_tokens, dtype=torch.long, device=device), dim=0)
    enc_outputs = net.encoder(enc_X, enc_valid_len)
    dec_state = net.decoder.init_state(enc_outputs, enc_valid_len)
    # the batch axis
    dec_X = torch.unsqueeze(torch.tensor(
        [tgt_vocab['<bos>']], dtype=torch.long, device=device), dim=0)
    output_seq, attention_weight_seq = [], []
    for _ in range(num_steps):
        Y, dec_state = net.decoder(dec_X, dec_state)
        # greedy: the most likely token is the next step's input
        dec_X = Y.argmax(dim=2)
        pred = dec_X.squeeze(dim=0).type(torch.int32).item()
        if save_attention_weights:
            attention_weight_seq.append(net.decoder.attention_weights)
        # the sequence ends once <eos> is predicted
        if pred == tgt_vocab['<eos>']:
            break
        output_seq.append(pred)
    return ' '.join(tgt_vocab.to_tokens(output_seq)), attention_weight_seq


def bleu(pred_seq, label_seq, k):
    pred_tokens, label_tokens = pred_seq.split(' '), label_seq.split(' ')
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = math.exp(min(0, 1 - len_label / len_pred))
    for n in range(1, k + 1):
        num_matches, label_subs = 0, collections.defaultdict(int)
        for i in range(len_label - n + 1):
            label_subs[' '.join(label_tokens[i: i + n])] += 1
        for i in range(len_pred - n + 1):
            if label_subs[' '.join(pred_tokens[i: i + n])] > 0:
                num_matches += 1
                label_subs[' '.join(pred_tokens[i: i + n])] -= 1
        score *= math.pow(num_matches / (len_pred - n + 1), math.pow(0.5, n))
    return score


# ---- the run ----

engs = ['go .', "i lost .", 'he\'s calm .', 'i\'m home .']
fras = ['va !', 'j\'ai perdu .', 'il est calme .', 'je suis chez moi .']


def translate(net, src_vocab, tgt_vocab, num_steps):
    """The book's last cell: each sentence, its translation and BLEU (k=2); null where bleu() fails."""
    out = []
    for eng, fra in zip(engs, fras):
        translation, attention_weight_seq = predict_seq2seq(
            net, eng, src_vocab, tgt_vocab, num_steps, device)
        try:
            score, error = bleu(translation, fra, k=2), None
            print(f'{eng} => {translation}, bleu {score:.3f}', file=sys.stderr)
        except ZeroDivisionError as e:  # the book's bleu on a prediction shorter than k
            score, error = None, f'ZeroDivisionError: {e}'
            print(f'{eng} => {translation}, bleu fails ({error})', file=sys.stderr)
        out.append({'source': eng, 'label': fra, 'translation': translation, 'bleu': score, 'bleu_error': error})
    return out


def check(zip_path):
    """The book's printed figures of 9.5 and 9.7 that need no training, asserted."""
    raw_text = read_data_nmt(zip_path)
    # U+202F (a narrow no-break space) before the "!" of lines 3, 4 and 6, as in the book's file
    assert raw_text[:75] == ('Go.\tVa !\nHi.\tSalut !\nRun!\tCours\u202f!\nRun!\tCourez\u202f!\n'
                             'Who?\tQui ?\nWow!\tÇa alors\u202f!\n')[:75], repr(raw_text[:75])
    text = preprocess_nmt(raw_text)
    assert text[:80].split('\n')[:6] == ['go .\tva !', 'hi .\tsalut !', 'run !\tcours !', 'run !\tcourez !',
                                          'who ?\tqui ?', 'wow !\tça alors !'], repr(text[:80])
    source, target = tokenize_nmt(text)
    assert source[:6] == [['go', '.'], ['hi', '.'], ['run', '!'], ['run', '!'], ['who', '?'], ['wow', '!']]
    assert target[:6] == [['va', '!'], ['salut', '!'], ['cours', '!'], ['courez', '!'], ['qui', '?'],
                          ['ça', 'alors', '!']]
    src_vocab = Vocab(source, min_freq=2, reserved_tokens=['<pad>', '<bos>', '<eos>'])
    assert len(src_vocab) == 10012, len(src_vocab)
    assert truncate_pad(src_vocab[source[0]], 10, src_vocab['<pad>']) == [47, 4, 1, 1, 1, 1, 1, 1, 1, 1]
    source, target = tokenize_nmt(text, 600)
    assert len(source) == len(target) == 601, len(source)  # the book's off-by-one
    train_iter, src_vocab, tgt_vocab = load_data_nmt(2, 8, zip_path=zip_path)
    assert (len(src_vocab), len(tgt_vocab)) == (184, 201), (len(src_vocab), len(tgt_vocab))
    assert src_vocab.idx_to_token[:10] == ['<unk>', '<pad>', '<bos>', '<eos>', '.', '!', 'i', "i'm", 'it', 'go']
    assert tgt_vocab.idx_to_token[4:10] == ['.', '!', 'je', 'suis', 'tom', '?']
    for X, X_valid_len, Y, Y_valid_len in train_iter:
        for A, valid in ((X, X_valid_len), (Y, Y_valid_len)):
            for row, v in zip(A.tolist(), valid.tolist()):  # <eos> (3) then pads (1), unless truncated
                assert v == 8 or (row[v - 1] == 3 and all(t == 1 for t in row[v:])), (row, v)
        break
    encoder = Seq2SeqEncoder(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)
    encoder.eval()
    X = torch.zeros((4, 7), dtype=torch.long)
    output, state = encoder(X)
    assert (tuple(output.shape), tuple(state.shape)) == ((7, 4, 16), (2, 4, 16))
    decoder = Seq2SeqDecoder(vocab_size=10, embed_size=8, num_hiddens=16, num_layers=2)
    decoder.eval()
    state = decoder.init_state(encoder(X))
    output, state = decoder(X, state)
    assert (tuple(output.shape), tuple(state.shape)) == ((4, 7, 10), (2, 4, 16))
    X = torch.tensor([[1, 2, 3], [4, 5, 6]])
    assert sequence_mask(X, torch.tensor([1, 2])).tolist() == [[1, 0, 0], [4, 5, 0]]
    X = sequence_mask(torch.ones(2, 3, 4), torch.tensor([1, 2]), value=-1)
    assert X.tolist() == [[[1] * 4, [-1] * 4, [-1] * 4], [[1] * 4, [1] * 4, [-1] * 4]]
    loss = MaskedSoftmaxCELoss()
    l = loss(torch.ones(3, 4, 10), torch.ones((3, 4), dtype=torch.long), torch.tensor([4, 2, 0]))
    assert torch.allclose(l, torch.tensor([math.log(10), math.log(10) / 2, 0.0])), l
    assert abs(bleu('A B B C D', 'A B C D E F', 2) - 0.681) < 5e-4
    assert bleu('A B B C D', 'A B C D E F', 4) == 0
    assert abs(bleu('il est riche .', 'il est calme .', 2) - 0.658) < 5e-4
    assert abs(bleu('je suis en retard ?', 'je suis chez moi .', 2) - 0.447) < 5e-4
    assert bleu("j'ai perdu .", "j'ai perdu .", 2) == 1.0
    for short in ('va', ''):  # the book's bleu divides by zero on a prediction shorter than k
        try:
            bleu(short, 'va !', 2)
            raise AssertionError(f'bleu({short!r}, "va !", 2) did not fail')
        except ZeroDivisionError:
            pass
    print(json.dumps({'check': 'ok', 'src_vocab_full': 10012, 'src_vocab': 184, 'tgt_vocab': 201,
                      'pairs': 601}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--setup', choices=['9.7'])
    p.add_argument('--epochs', type=int, default=300)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--fra-eng', help='fra-eng.zip (default: $D2L_FRA_ENG, $D2L_HUB/fra-eng.zip, the shared copy)')
    p.add_argument('--check', action='store_true', help="the book's printed figures that need no training")
    a = p.parse_args()
    if a.epochs < 1 or a.threads < 1:
        p.error(f'--epochs {a.epochs} and --threads {a.threads} must be at least 1')
    if not a.check and a.setup is None:
        p.error('--setup is required unless --check')
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    zip_path = fra_eng_zip(a.fra_eng)
    with open(zip_path, 'rb') as f:
        zip_sha1 = hashlib.sha1(f.read()).hexdigest()
    if zip_sha1 not in KNOWN_ZIPS:
        print(f'warning: {zip_path} has SHA-1 {zip_sha1}, neither of {sorted(KNOWN_ZIPS)}', file=sys.stderr)
    if a.check:
        check(zip_path)
        return 0

    embed_size, num_hiddens, num_layers, dropout = 32, 32, 2, 0.1
    batch_size, num_steps = 64, 10
    lr, num_epochs = 0.005, a.epochs

    train_iter, src_vocab, tgt_vocab = load_data_nmt(batch_size, num_steps, zip_path=zip_path)
    encoder = Seq2SeqEncoder(len(src_vocab), embed_size, num_hiddens, num_layers,
                             dropout)
    decoder = Seq2SeqDecoder(len(tgt_vocab), embed_size, num_hiddens, num_layers,
                             dropout)
    net = EncoderDecoder(encoder, decoder)
    loss_per_epoch, seconds, speed = train_seq2seq(net, train_iter, lr, num_epochs, tgt_vocab, device)
    translations = translate(net, src_vocab, tgt_vocab, num_steps)
    print(json.dumps({'setup': a.setup, 'threads': a.threads, 'seed': a.seed, 'epochs': num_epochs,
                      'sec_per_epoch': sorted(seconds)[len(seconds) // 2], 'seconds': seconds,
                      'loss': loss_per_epoch[-1], 'tokens_per_sec': speed, 'loss_per_epoch': loss_per_epoch,
                      'bleu': [t['bleu'] for t in translations], 'translations': translations,
                      'num_params': sum(p.numel() for p in net.parameters()),
                      'src_vocab': len(src_vocab), 'tgt_vocab': len(tgt_vocab),
                      'fra_eng': zip_path, 'fra_eng_sha1': zip_sha1,
                      'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'blas': blas_library()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
