/**
 * The Java face of the book's {@code d2l} package: every {@code #@save} helper that the chapters
 * use, under the book's names, arranged by purpose. A library: it brings no logging backend and
 * no command-line parser into a project that imports it.
 *
 * <ul>
 *   <li>{@link io.github.d2l4j.common.data}: {@code syntheticData}, {@code loadArray},
 *       Fashion-MNIST ({@code loadDataFashionMnist}, {@code getFashionMnistLabels}) and the
 *       in-memory iterators;
 *   <li>{@link io.github.d2l4j.common.metrics}: {@code Timer}, {@code Accumulator}, {@code
 *       accuracy}, {@code evaluateAccuracy};
 *   <li>{@link io.github.d2l4j.common.plot}: {@code plot}, {@code setAxes}, {@code Animator},
 *       {@code showImages}, written as PNG and SVG files;
 *   <li>{@link io.github.d2l4j.common.model}: {@code Net}, over a SameDiff graph or a DL4J network;
 *   <li>{@link io.github.d2l4j.common.block}: blocks of our own over SameDiff, the book's {@code
 *       nn.Module}, {@code nn.Linear}, {@code nn.ReLU}, {@code nn.Sequential} (D2L 5.1-5.2);
 *   <li>{@link io.github.d2l4j.common.train}: {@code linreg}, {@code squaredLoss}, {@code sgd},
 *       {@code trainEpochCh3}, {@code trainCh3}, {@code predictCh3};
 *   <li>{@link io.github.d2l4j.common.device}: ND4J's threads, {@code tryGpu}, {@code tryAllGpus},
 *       {@code numGpus} (D2L 5.6), and the shutdown gate;
 *   <li>{@link io.github.d2l4j.common.io}: atomic file writes;
 *   <li>{@link io.github.d2l4j.common.section}: the contract between a chapter's sections and the
 *       runner (module {@code d2l-runner});
 *   <li>{@link io.github.d2l4j.common.rnn}: the language models of chapters 8 and 9, {@code
 *       trainCh8}, {@code predictCh8}, {@code gradClipping}, and DL4J layers for {@code nn.GRU}
 *       and {@code nn.LSTM};
 *   <li>{@link io.github.d2l4j.common.seq2seq}: {@code Encoder}, {@code Decoder}, {@code
 *       EncoderDecoder}, the seq2seq model, {@code trainSeq2seq}, {@code predictSeq2seq}, {@code
 *       bleu} and beam search (D2L 9.6-9.8);
 *   <li>{@link io.github.d2l4j.common.attention}: {@code maskedSoftmax}, the scoring functions,
 *       multi-head attention, the positional encoding and the Transformer's blocks (D2L 10.3-10.7);
 *   <li>{@link io.github.d2l4j.common.optim}: what DL4J lacks for chapter 11, heavy-ball momentum
 *       as a DL4J updater and the book's learning-rate schedulers as DL4J schedules (D2L 11.6, 11.11).
 * </ul>
 */
package io.github.d2l4j.common;
