/**
 * Plotting as files: {@code plot} and {@code setAxes} (D2L 2.4), {@code showImages} (D2L 3.5),
 * {@code Animator} (D2L 3.6), drawn with XChart and written as PNG and SVG, and {@code
 * showHeatmaps} (D2L 10.1), drawn with Java2D and written as PNG; {@code annotate} (D2L 11.1) and
 * the contour plots of {@code show_trace_2d} (D2L 11.3), which XChart lacks.
 */
package io.github.d2l4j.common.plot;
