"""Fashion-MNIST held in memory as tensors, found where d2l4j finds it (D2L_DATA, the cache, Debian's package)."""
import gzip
import os
import pathlib

import numpy as np
import torch

NAMES = {'train': ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
         'test': ('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')}


def _data_dir():
    candidates = [os.environ.get('D2L_DATA'),
                  os.path.join(os.environ.get('D2L_CACHE', os.path.expanduser('~/.d2l/data')), 'fashion-mnist'),
                  '/usr/share/datasets/fashion-mnist']
    for c in candidates:
        if c and all(_find(pathlib.Path(c), n) for pair in NAMES.values() for n in pair):
            return pathlib.Path(c)
    raise SystemExit('Fashion-MNIST not found: set D2L_DATA or apt-get install dataset-fashion-mnist')


def _find(d, name):
    for p in (d / name, d / (name + '.gz')):
        if p.is_file():
            return p
    return None


def _read(path, offset):
    opener = gzip.open if path.suffix == '.gz' else open
    with opener(path, 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(split):
    """(N, 1, 28, 28) float32 in [0, 1] (torchvision's ToTensor) and int64 labels."""
    d = _data_dir()
    images, labels = NAMES[split]
    X = torch.from_numpy(_read(_find(d, images), 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255)
    y = torch.from_numpy(_read(_find(d, labels), 8).astype(np.int64))
    return X, y


def batches(X, y, batch_size, shuffle):
    """The book's DataLoader over in-memory tensors: reshuffled each epoch, last batch kept."""
    n = len(y)
    idx = torch.randperm(n) if shuffle else torch.arange(n)
    for i in range(0, n, batch_size):
        j = idx[i:i + batch_size]
        yield X[j], y[j]
