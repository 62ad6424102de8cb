/**
 * D2L chapter 5, Deep Learning Computation, both ways: DL4J's networks, layers, parameter tables
 * and serializer, and blocks of our own over SameDiff.
 *
 * <ol>
 *   <li>5.1 {@link io.github.d2l4j.ch05.ModelConstruction}: layers and blocks;
 *   <li>5.2 {@link io.github.d2l4j.ch05.Parameters}: parameter management;
 *   <li>5.3 {@link io.github.d2l4j.ch05.DeferredInit}: deferred initialisation;
 *   <li>5.4 {@link io.github.d2l4j.ch05.CustomLayer}: custom layers;
 *   <li>5.5 {@link io.github.d2l4j.ch05.ReadWrite}: file I/O;
 *   <li>5.6 {@link io.github.d2l4j.ch05.UseGpu}: GPUs.
 * </ol>
 */
package io.github.d2l4j.ch05;
