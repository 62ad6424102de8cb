/** ND4J's backend and threads: how many threads its ops and matrix products use. */
package io.github.d2l4j.common.device;
