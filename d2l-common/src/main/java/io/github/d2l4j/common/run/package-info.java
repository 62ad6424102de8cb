/**
 * The section runner behind {@code ./d2l}: chapters register their sections through {@link
 * java.util.ServiceLoader}, every section takes the same options, and every run ends with a
 * {@code result ...} summary line.
 */
package io.github.d2l4j.common.run;
