package io.github.d2l4j.common.section;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as one section of the book, d2l-zh 2.0 (zh.d2l.ai), the edition whose numbering,
 * code and hyperparameters the project follows. This is the one place where the section's
 * number, title and page are written; {@link Section#of} reads them from here.
 *
 * <pre>{@code
 * @BookSection(id = "3.6", title = "Implementation of Softmax Regression from Scratch",
 *         page = "https://zh.d2l.ai/chapter_linear-networks/softmax-regression-scratch.html")
 * public final class SoftmaxRegressionScratch { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BookSection {
    /** The section's number in d2l-zh 2.0, such as "3.6". */
    String id();

    /** The section's title, in the English wording of the same edition. */
    String title();

    /** The section's page on zh.d2l.ai. */
    String page();
}
