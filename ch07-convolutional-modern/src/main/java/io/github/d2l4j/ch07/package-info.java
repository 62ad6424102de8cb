/**
 * D2L chapter 7, Modern Convolutional Neural Networks: the book's seven networks as DL4J {@code
 * MultiLayerNetwork}s (AlexNet, VGG, NiN) and {@code ComputationGraph}s (GoogLeNet, ResNet,
 * DenseNet, whose blocks branch), on oneDNN, and batch normalization from scratch over SameDiff.
 * At the book's sizes these are GPU work; {@code --resize} and {@code --train-size} bring a run
 * down to minutes on a CPU (the chapter README lists the reduced settings).
 *
 * <ol>
 *   <li>7.1 {@link io.github.d2l4j.ch07.AlexNet}: deep convolutional networks (AlexNet);
 *   <li>7.2 {@link io.github.d2l4j.ch07.Vgg}: networks using blocks (VGG);
 *   <li>7.3 {@link io.github.d2l4j.ch07.Nin}: network in network (NiN);
 *   <li>7.4 {@link io.github.d2l4j.ch07.GoogLeNet}: networks with parallel concatenations (GoogLeNet);
 *   <li>7.5 {@link io.github.d2l4j.ch07.BatchNorm} and {@link io.github.d2l4j.ch07.BatchNormScratch}:
 *       batch normalization;
 *   <li>7.6 {@link io.github.d2l4j.ch07.ResNet}: residual networks (ResNet);
 *   <li>7.7 {@link io.github.d2l4j.ch07.DenseNet}: densely connected networks (DenseNet).
 * </ol>
 */
package io.github.d2l4j.ch07;
