/**
 * The section runner behind {@code ./d2l}: it finds every chapter's sections through {@link
 * java.util.ServiceLoader}, parses the common options, runs a section and prints its summary
 * line, and maps the three kinds of failure to three exit statuses. It also holds the logging
 * configuration and the JShell setup of {@code ./d2l shell}, so that the library modules carry
 * neither.
 */
package io.github.d2l4j.runner;
