/**
 * Blocks of our own over SameDiff, the book's {@code nn.Module}, {@code nn.Linear}, {@code
 * nn.ReLU} and {@code nn.Sequential} (D2L 5.1-5.2): what chapter 5 builds to show how a framework's
 * blocks and parameters work underneath.
 */
package io.github.d2l4j.common.block;
