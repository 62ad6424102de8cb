/**
 * Models as the training loop sees them: {@link io.github.d2l4j.common.model.Net}, with one
 * implementation over a SameDiff graph (the from-scratch sections) and one over a DL4J network
 * (the concise sections).
 */
package io.github.d2l4j.common.model;
