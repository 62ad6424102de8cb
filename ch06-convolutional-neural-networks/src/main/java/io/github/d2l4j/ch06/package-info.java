/**
 * D2L chapter 6, Convolutional Neural Networks, both ways: loops and native ND4J ops over
 * SameDiff, and DL4J's convolution and subsampling layers, which run on oneDNN here.
 * (6.1, from fully connected layers to convolutions, has no code.)
 *
 * <ol start="2">
 *   <li>6.2 {@link io.github.d2l4j.ch06.ConvLayer}: convolutions for images;
 *   <li>6.3 {@link io.github.d2l4j.ch06.PaddingAndStrides}: padding and stride;
 *   <li>6.4 {@link io.github.d2l4j.ch06.Channels}: multiple input and output channels;
 *   <li>6.5 {@link io.github.d2l4j.ch06.Pooling}: pooling;
 *   <li>6.6 {@link io.github.d2l4j.ch06.LeNet} and {@link io.github.d2l4j.ch06.LeNetScratch}: LeNet.
 * </ol>
 */
package io.github.d2l4j.ch06;
