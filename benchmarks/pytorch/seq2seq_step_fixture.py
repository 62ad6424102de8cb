"""Writes the fixtures of d2l-common's Seq2seqTorchStepTest: two steps of the book's train_seq2seq in PyTorch on
a tiny model, so that the Java model can be checked against PyTorch's own forward pass, gradients,
global-norm clipping and Adam, step for step, from the same parameters and minibatches.

The models are the book's, at tiny sizes (source vocabulary 7, target vocabulary 8, dropout 0 so that the
step is deterministic), with xavier_init_weights as train_seq2seq applies it, Adam at lr 0.005 and
grad_clipping(net, 1):
- `--model 9.7`: Seq2SeqEncoder/Seq2SeqDecoder (seq2seq.py), embeddings 4, 5 hidden
  units, 2 GRU layers;
- `--model 10.4`: Seq2SeqEncoder/Seq2SeqAttentionDecoder (attention.py), the same sizes;
- `--model 10.7`: TransformerEncoder/TransformerDecoder (attention.py), 8 hidden
  units, norm_shape [8], FFN 8-16-8, 2 heads, 2 blocks. Two minibatches of
3 sequences of 4 steps, with <bos> = 2, <eos> = 3 and <pad> = 1 as in load_data_nmt. For each step the file
holds the minibatch, the summed loss, every parameter's gradient before clipping, and every parameter after the
Adam step.

Format (text, one array per line): `name|shape|values`, shape as comma-separated sizes (empty for a scalar),
values space-separated, each float32 value with 9 significant digits (enough to read it back exactly).

    for m in 9.7 10.4 10.7; do
      /usr/bin/python3 seq2seq_step_fixture.py --model $m \
        > ../../d2l-common/src/test/resources/io/github/d2l4j/common/seq2seq/torch-step-$m.txt
    done
"""
import argparse
import sys

import torch
from torch import nn

from rnn import grad_clipping
from seq2seq import EncoderDecoder, MaskedSoftmaxCELoss, Seq2SeqDecoder, Seq2SeqEncoder

SRC_VOCAB, TGT_VOCAB, EMBED, HIDDEN, LAYERS, STEPS, BOS = 7, 8, 4, 5, 2, 4, 2


def xavier_init_weights(m):  # the book's, from train_seq2seq
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)
    if type(m) == nn.GRU:
        for param in m._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(m._parameters[param])


def line(name, t):
    t = t.detach()
    values = ' '.join('%.9g' % v for v in t.flatten().tolist())
    return f"{name}|{','.join(map(str, t.shape))}|{values}"


def model(name):
    """The tiny model of each fixture, dropout 0."""
    if name == '9.7':
        return EncoderDecoder(Seq2SeqEncoder(SRC_VOCAB, EMBED, HIDDEN, LAYERS, 0),
                              Seq2SeqDecoder(TGT_VOCAB, EMBED, HIDDEN, LAYERS, 0))
    from attention import Seq2SeqAttentionDecoder, TransformerDecoder, TransformerEncoder
    if name == '10.4':
        return EncoderDecoder(Seq2SeqEncoder(SRC_VOCAB, EMBED, HIDDEN, LAYERS, 0),
                              Seq2SeqAttentionDecoder(TGT_VOCAB, EMBED, HIDDEN, LAYERS, 0))
    h, ffn, heads = 8, 16, 2  # 10.7
    return EncoderDecoder(TransformerEncoder(SRC_VOCAB, h, h, h, h, [h], h, ffn, heads, LAYERS, 0),
                          TransformerDecoder(TGT_VOCAB, h, h, h, h, [h], h, ffn, heads, LAYERS, 0))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', choices=['9.7', '10.4', '10.7'], default='9.7')
    a = p.parse_args()
    torch.manual_seed(7)
    torch.set_num_threads(1)
    net = model(a.model)
    net.apply(xavier_init_weights)
    out = [line('init.' + n, p) for n, p in net.state_dict().items()]
    # Two minibatches as load_data_nmt makes them: tokens, <eos> (3), then <pad> (1); valid lengths count <eos>
    batches = [
        (torch.tensor([[4, 5, 3, 1], [6, 3, 1, 1], [4, 6, 5, 3]]), torch.tensor([3, 2, 4]),
         torch.tensor([[5, 3, 1, 1], [6, 7, 4, 3], [4, 3, 1, 1]]), torch.tensor([2, 4, 2])),
        (torch.tensor([[5, 4, 6, 4], [6, 5, 3, 1], [4, 3, 1, 1]]), torch.tensor([4, 3, 2]),
         torch.tensor([[7, 6, 3, 1], [4, 3, 1, 1], [5, 6, 7, 4]]), torch.tensor([3, 2, 4])),
    ]
    optimizer = torch.optim.Adam(net.parameters(), lr=0.005)
    loss = MaskedSoftmaxCELoss()
    net.train()
    for step, (X, X_valid_len, Y, Y_valid_len) in enumerate(batches):
        for name, t in (('X', X), ('X_valid_len', X_valid_len), ('Y', Y), ('Y_valid_len', Y_valid_len)):
            out.append(line(f'step{step}.{name}', t))
        optimizer.zero_grad()  # train_seq2seq's step, verbatim
        bos = torch.tensor([BOS] * Y.shape[0]).reshape(-1, 1)
        dec_input = torch.cat([bos, Y[:, :-1]], 1)
        Y_hat, _ = net(X, dec_input, X_valid_len)
        l = loss(Y_hat, Y, Y_valid_len)
        l.sum().backward()
        out.append(line(f'step{step}.l_sum', l.sum()))
        out += [line(f'step{step}.grad.' + n, p.grad) for n, p in net.named_parameters()]
        grad_clipping(net, 1)
        optimizer.step()
        out += [line(f'step{step}.after.' + n, p) for n, p in net.state_dict().items()]
    print('\n'.join(out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
