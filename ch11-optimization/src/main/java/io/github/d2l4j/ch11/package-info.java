/**
 * D2L chapter 11, Optimization Algorithms: optimisation and deep learning, convexity, gradient
 * descent, stochastic and minibatch SGD, momentum, AdaGrad, RMSProp, Adadelta, Adam, and
 * learning-rate scheduling, on the airfoil data and Fashion-MNIST.
 */
package io.github.d2l4j.ch11;
