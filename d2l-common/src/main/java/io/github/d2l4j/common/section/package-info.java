/**
 * The contract between a chapter and the runner: a section class carries its {@link
 * io.github.d2l4j.common.section.BookSection} facts, its chapter lists it as a {@link
 * io.github.d2l4j.common.section.Section}, it takes the common {@link
 * io.github.d2l4j.common.section.RunOptions}, and its result ends the run with a {@link
 * io.github.d2l4j.common.section.Summary} line. The runner itself lives in the {@code d2l-runner}
 * module, so that a program importing d2l-common gets no command-line or logging library.
 */
package io.github.d2l4j.common.section;
