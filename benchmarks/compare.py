#!/usr/bin/env python3
"""Side by side: the book's PyTorch code against d2l4j, same machine, same data, alternating runs.

    python3 benchmarks/compare.py [--rounds 3] [--setups 3.6 3.7] [--epochs N] [--install]
    python3 benchmarks/compare.py --setups 6.6 6.6-scratch --epochs 3
    python3 benchmarks/compare.py --rounds 2 --setups 7.1 7.2 7.3 7.4 7.6 7.7   # chapter 7, reduced settings
    python3 benchmarks/compare.py --setups 8.5 8.5-random 8.6 --epochs 50      # chapter 8, perplexity
    python3 benchmarks/compare.py --setups 9.1-scratch 9.1 9.2-scratch 9.2 9.3 9.4 --epochs 10 --torch-threads 1
    python3 benchmarks/compare.py --setups 9.7 --epochs 60                     # seq2seq, loss
    python3 benchmarks/compare.py --setups 10.4 10.7 --epochs 3 --torch-threads 1  # attention, loss
    python3 benchmarks/compare.py --setups 11.5-sgd 11.5-bs10 11.5-concise --torch-threads 1  # airfoil, loss
    python3 benchmarks/compare.py --setups 11.11 --epochs 1 --torch-threads 1      # lr schedules: 5 runs x 1 epoch
    python3 benchmarks/compare.py --setups 12.5-1 12.5-2 --epochs 1 --train-size 10000  # multi-worker LeNet
    python3 benchmarks/compare.py --library [--rounds 3]

Each round runs, per setup, PyTorch at 1 and at 2 threads and then `./d2l run SETUP` (A B A B...),
so that both see the same machine state. It prints per setup the median seconds per training epoch
(test evaluation excluded, as the book's Timer), their ratio against PyTorch at its best thread
count, the final metric (METRIC: test accuracy, or for chapters 8 and 9's language models the last
epoch's training perplexity, as train_ch8 prints it, and for 9.7's seq2seq, 10.4's Bahdanau attention
and 10.7's Transformer the last epoch's loss, as train_seq2seq prints it), the end-to-end wall time of each command, and peak RSS. Chapter 7's networks run at the reduced settings of the integration tests (REDUCED), on both
sides, and also report seconds per training step.

--library compares README's TrainSoftmax.java, run as a plain `java` program with the settings
README documents for a project of one's own, against `./d2l run 3.7` (no PyTorch needed): the
library must train as fast as the runner.

PyTorch comes from Debian's python3-torch. Its BLAS must be OpenBLAS (libopenblas0-openmp): the
reference BLAS it otherwise pulls in is 25x slower on the MLP, a comparison that would flatter us.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYTHON = '/usr/bin/python3'  # Debian's python3, where python3-torch installs
SCRIPTS = ({s: 'book.py' for s in ('3.6', '3.7', '4.2', '4.3')} | {'6.6': 'lenet.py', '6.6-scratch': 'lenet.py'}
           | {s: 'modern.py' for s in ('7.1', '7.2', '7.3', '7.4', '7.5', '7.5-scratch', '7.6', '7.7')}
           | {s: 'rnn.py' for s in ('8.5', '8.5-random', '8.6')}
           | {s: 'rnn_modern.py' for s in ('9.1-scratch', '9.1', '9.2-scratch', '9.2', '9.3', '9.4')}
           | {'9.7': 'seq2seq.py', '10.4': 'attention.py', '10.7': 'attention.py'}
           | {s: 'airfoil.py' for s in ('11.5-sgd', '11.5-bs10', '11.5-concise')}
           | {'11.11': 'lr_scheduler.py'}
           | {s: 'multiple_gpus.py' for s in ('12.5-1', '12.5-2')})
# The PyTorch setup each one is measured against, and the section and result fields on our side:
# ./d2l run 6.6 (and 7.5) trains the concise LeNet, then the scratch one, and prints both;
# ./d2l run 8.5 trains the book's two runs, the second's fields prefixed random_; ./d2l run 9.1 (and 9.2)
# trains the scratch model, then the concise one, and prints both, the scratch fields prefixed scratch_.
TORCH_SETUP = {'6.6-scratch': '6.6'}
JAVA_SECTION = {'6.6-scratch': ('6.6', 'scratch_'), '7.5-scratch': ('7.5', 'scratch_'),
                '8.5-random': ('8.5', 'random_'), '9.1-scratch': ('9.1', 'scratch_'),
                '9.2-scratch': ('9.2', 'scratch_'),
                # chapter 10's sections, by name: ./d2l run 10.4 (10.7), result fields sec_per_epoch and loss
                '10.4': ('10.4', ''), '10.7': ('10.7', ''),
                # ./d2l run 11.5 trains all the book's runs and prints each one's fields under its name; its
                # sec_per_epoch is train_ch11's timer.avg(), on both sides
                '11.5-sgd': ('11.5', 'sgd_'), '11.5-bs10': ('11.5', 'bs10_'), '11.5-concise': ('11.5', 'concise_'),
                # ./d2l run 11.11 trains the book's five runs; sec_per_epoch is the median over all their epochs
                '11.11': ('11.11', '')}
# ./d2l run 12.5 --workers N trains N workers only and suffixes its fields with _N (test_acc_2, sec_per_epoch_2)
JAVA_WORKERS = {'12.5-1': 1, '12.5-2': 2}
JAVA_SECTION |= {s: ('12.5', '') for s in JAVA_WORKERS}
# The final figure compared, the same field name on both sides: test accuracy, but for the
# language models the training perplexity of the last epoch (the book tests on no held-out text), and
# for seq2seq (9.7, 10.4, 10.7) the last epoch's training loss (train_seq2seq's masked loss per target token).
METRIC = ({s: 'perplexity' for s in ('8.5', '8.5-random', '8.6', '9.1-scratch', '9.1', '9.2-scratch', '9.2',
                                     '9.3', '9.4')}
          | {s: 'loss' for s in ('9.7', '10.4', '10.7', '11.5-sgd', '11.5-bs10', '11.5-concise')}
          | {'11.11': 'constant_test_acc'})
# Chapter 7's reduced settings, the integration tests' (ModernCnnIT), for both sides: the book's
# settings take hours per epoch on a CPU. 7.5 runs at the book's settings.
REDUCED = {
    '7.1': ['--resize', '65', '--train-size', '10000', '--batch-size', '32', '--lr', '0.05', '--epochs', '2'],
    '7.2': ['--resize', '64', '--train-size', '10000', '--batch-size', '32', '--epochs', '2'],
    '7.3': ['--resize', '67', '--train-size', '10000', '--batch-size', '32', '--epochs', '5'],
    '7.4': ['--resize', '32', '--train-size', '10000', '--batch-size', '32', '--epochs', '3'],
    '7.6': ['--resize', '32', '--train-size', '10000', '--batch-size', '256', '--epochs', '3'],
    '7.7': ['--resize', '32', '--train-size', '10000', '--batch-size', '256', '--epochs', '3'],
}


def run(cmd, cwd):
    """Runs cmd, returning (stdout, wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f'failed: {" ".join(cmd)}')
    return out, wall, usage.ru_maxrss / 1024


def with_epochs(args, epochs):
    """args with --epochs replaced (or added) when epochs is given."""
    if not epochs:
        return args
    if '--epochs' in args:
        i = args.index('--epochs')
        return args[:i] + args[i + 2:] + ['--epochs', str(epochs)]
    return args + ['--epochs', str(epochs)]


def torch_run(setup, threads, seed, epochs, train_size=None):
    cmd = [PYTHON, SCRIPTS[setup], '--setup', TORCH_SETUP.get(setup, setup), '--threads', str(threads),
           '--seed', str(seed)]
    cmd = with_epochs(cmd + REDUCED.get(setup, []), epochs)
    out, wall, rss = run(with_train_size(cmd, train_size), ROOT / 'benchmarks' / 'pytorch')
    r = json.loads(out.strip().splitlines()[-1])
    if not any('openblas' in lib for lib in r['blas']):
        sys.exit(f'PyTorch loaded {r["blas"]}, not OpenBLAS: apt-get install libopenblas0-openmp '
                 'and select it with update-alternatives (libblas.so.3-x86_64-linux-gnu)')
    return {'spe': r['sec_per_epoch'], 'metric': r[METRIC.get(setup, 'test_acc')], 'wall': wall, 'rss': rss,
            'sps': r.get('sec_per_step')}


def with_train_size(args, train_size):
    """args with --train-size added when train_size is given (the setups that take it: TRAIN_SIZE)."""
    return args + ['--train-size', str(train_size)] if train_size else args


# The setups whose scripts take --train-size on both sides (chapter 7's have it in REDUCED already)
TRAIN_SIZE = {'12.5-1', '12.5-2'}


def java_run(setup, seed, epochs, train_size=None):
    section, prefix = JAVA_SECTION.get(setup, (setup, ''))
    cmd = with_epochs(['./d2l', 'run', section, '--seed', str(seed)] + REDUCED.get(setup, []), epochs)
    suffix = ''
    if setup in JAVA_WORKERS:
        cmd += ['--workers', str(JAVA_WORKERS[setup])]
        suffix = f'_{JAVA_WORKERS[setup]}'
    out, wall, rss = run(with_train_size(cmd, train_size), ROOT)
    line = [l for l in out.splitlines() if l.startswith('result ')][-1]
    fields = dict(kv.split('=', 1) for kv in line.split()[1:] if '=' in kv)
    fields = {k.removesuffix(suffix) if suffix else k: v for k, v in fields.items()}
    spe = float(fields[prefix + 'sec_per_epoch'])
    sps = None
    if prefix + 'examples_per_sec' in fields and '--batch-size' in cmd:  # chapter 7: seconds per step
        sps = int(cmd[cmd.index('--batch-size') + 1]) / float(fields[prefix + 'examples_per_sec'])
    metric = float(fields[prefix + METRIC.get(setup, 'test_acc')])
    return {'spe': spe, 'metric': metric, 'wall': wall, 'rss': rss, 'sps': sps}


# README's settings for a program of one's own ("Using d2l4j as a library")
LIBRARY_JAVA_OPTS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Dorg.bytedeco.javacpp.maxphysicalbytes=0',
                     '-Dorg.bytedeco.javacpp.platform.extension=-onednn']


def library_program():
    """Compiles README's TrainSoftmax.java against the runner's class path; returns (dir, class path)."""
    import re
    import tempfile
    readme = (ROOT / 'README.md').read_text()
    m = re.search(r'<!-- consumer: TrainSoftmax\.java -->\s*```java\n(.*?)```', readme, re.S)
    if not m:
        sys.exit('README.md has no TrainSoftmax.java block')
    work = pathlib.Path(tempfile.mkdtemp(prefix='d2l4j-library-'))
    (work / 'TrainSoftmax.java').write_text(m.group(1))
    cp = (ROOT / 'd2l-runner' / 'target' / 'd2l.classpath').read_text().strip()
    subprocess.run(['javac', '-cp', cp, '-d', str(work), str(work / 'TrainSoftmax.java')], check=True)
    return work, f'{work}:{cp}'


def library_run(work, cp):
    # the program's own logging configuration: here the runner's, so that both log the same lines
    logback = ROOT / 'd2l-runner' / 'src' / 'main' / 'resources' / 'logback.xml'
    env = dict(os.environ, OMP_WAIT_POLICY='PASSIVE')
    start = time.perf_counter()
    proc = subprocess.Popen(['java', *LIBRARY_JAVA_OPTS, f'-Dlogback.configurationFile={logback}', '-cp', cp,
                             'TrainSoftmax'], cwd=work, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit('the library program failed')
    line = [l for l in out.splitlines() if l.startswith('result ')][-1]
    fields = dict(kv.split('=', 1) for kv in line.split()[1:])
    return {'spe': float(fields['sec_per_epoch']), 'metric': float(fields['test_acc']), 'wall': wall,
            'rss': usage.ru_maxrss / 1024}


def compare_library(rounds):
    run(['./d2l', 'list'], ROOT)  # build once, outside the timings
    work, cp = library_program()
    runs = {'runner': [], 'library': []}
    for r in range(rounds):
        runs['runner'].append(java_run('3.7', 42))
        runs['library'].append(library_run(work, cp))
        print(f'round {r + 1}/{rounds}: ./d2l {runs["runner"][-1]["spe"]:.3f}, '
              f'library {runs["library"][-1]["spe"]:.3f} s/epoch', file=sys.stderr)
    med = lambda k, key: statistics.median(x[key] for x in runs[k])
    print(f'{"setup":22} {"s/epoch":>8} {"test acc":>8} {"wall":>7} {"peak RSS":>9}')
    for k, name in (('runner', './d2l run 3.7'), ('library', 'README TrainSoftmax')):
        print(f'{name:22} {med(k, "spe"):8.3f} {med(k, "metric"):8.4f} {med(k, "wall"):6.2f}s '
              f'{max(x["rss"] for x in runs[k]):7.0f}MB')
    ratio = med('library', 'spe') / med('runner', 'spe')
    print(f'library / ./d2l: {ratio:.2f}x s/epoch (target at most 1.5x)')


def ensure_torch(install):
    ok = subprocess.run([PYTHON, '-c', 'import torch'], capture_output=True).returncode == 0
    if ok:
        return
    if not install:
        sys.exit('PyTorch is missing: sudo apt-get install python3-torch libopenblas0-openmp '
                 '(or rerun with --install)')
    sudo = [] if os.geteuid() == 0 else ['sudo']
    subprocess.run(sudo + ['apt-get', 'install', '-y', 'python3-torch', 'libopenblas0-openmp'], check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--setups', nargs='+', default=['3.6', '3.7', '4.2', '4.3'], choices=sorted(SCRIPTS))
    p.add_argument('--epochs', type=int, help="epochs for both sides (default: the book's)")
    p.add_argument('--train-size', type=int,
                   help=f'the first N training examples only, both sides (setups {", ".join(sorted(TRAIN_SIZE))})')
    p.add_argument('--torch-threads', type=int, nargs='+', default=[1, 2], choices=[1, 2],
                   help='PyTorch thread counts to run (default both; conv nets are fastest at 2)')
    p.add_argument('--install', action='store_true', help='apt-get install PyTorch and OpenBLAS if missing')
    p.add_argument('--library', action='store_true', help="README's program of one's own against ./d2l run 3.7")
    a = p.parse_args()
    if a.library:
        compare_library(a.rounds)
        return
    if a.train_size and set(a.setups) - TRAIN_SIZE:
        p.error(f'--train-size applies to {", ".join(sorted(TRAIN_SIZE))} only, not {" ".join(sorted(set(a.setups) - TRAIN_SIZE))}')
    ensure_torch(a.install)
    run(['./d2l', 'list'], ROOT)  # build once, outside the timings
    results = {s: {'torch1': [], 'torch2': [], 'java': []} for s in a.setups}
    for r in range(a.rounds):
        for s in a.setups:
            for t in a.torch_threads:
                results[s][f'torch{t}'].append(torch_run(s, t, 42 + r, a.epochs, a.train_size))
            results[s]['java'].append(java_run(s, 42 + r, a.epochs, a.train_size))
            print(f'round {r + 1}/{a.rounds} {s}: torch {results[s][f"torch{a.torch_threads[-1]}"][-1]["spe"]:.3f}, '
                  f'd2l4j {results[s]["java"][-1]["spe"]:.3f} s/epoch', file=sys.stderr)

    med = lambda runs, k: statistics.median(x[k] for x in runs)
    print(f'{"setup":11} {"torch s/ep":>10} {"thr":>3} {"d2l4j s/ep":>10} {"ratio":>6} {"metric":>10} '
          f'{"torch":>7} {"d2l4j":>7} {"torch wall":>10} {"d2l4j wall":>10} {"wall ratio":>10} '
          f'{"torch RSS":>9} {"d2l4j RSS":>9} {"torch s/step":>12} {"d2l4j s/step":>12}')
    for s, runs in results.items():
        best = min(a.torch_threads, key=lambda t: med(runs[f'torch{t}'], 'spe'))
        t, j = runs[f'torch{best}'], runs['java']
        steps = ''
        if t[0]['sps'] and j[0]['sps']:
            steps = f' {med(t, "sps"):12.4f} {med(j, "sps"):12.4f}'
        print(f'{s:11} {med(t, "spe"):10.3f} {best:3d} {med(j, "spe"):10.3f} {med(j, "spe") / med(t, "spe"):6.1f} '
              f'{METRIC.get(s, "test_acc"):>10} {med(t, "metric"):7.4f} {med(j, "metric"):7.4f} '
              f'{med(t, "wall"):9.2f}s {med(j, "wall"):9.2f}s '
              f'{med(j, "wall") / med(t, "wall"):10.1f} {max(x["rss"] for x in t):7.0f}MB {max(x["rss"] for x in j):7.0f}MB'
              + steps)


if __name__ == '__main__':
    main()
