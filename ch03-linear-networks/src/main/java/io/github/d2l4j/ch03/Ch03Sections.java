package io.github.d2l4j.ch03;

import io.github.d2l4j.common.run.Chapter;
import io.github.d2l4j.common.run.Section;
import java.util.List;

/** Chapter 3's sections, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch03Sections implements Chapter {
    @Override
    public List<Section> sections() {
        return List.of(
                new Section("3.1", "Linear Regression", LinearRegression.class,
                        o -> LinearRegression.run(LinearRegression.Config.from(o))),
                new Section("3.2", "Linear Regression Implementation from Scratch", LinearRegressionScratch.class,
                        o -> LinearRegressionScratch.run(LinearRegressionScratch.Config.from(o))),
                new Section("3.3", "Concise Implementation of Linear Regression", LinearRegressionConcise.class,
                        o -> LinearRegressionConcise.run(LinearRegressionConcise.Config.from(o))),
                new Section("3.4", "Softmax Regression", SoftmaxRegression.class,
                        o -> SoftmaxRegression.run(SoftmaxRegression.Config.from(o))),
                new Section("3.5", "The Image Classification Dataset", ImageClassificationDataset.class,
                        o -> ImageClassificationDataset.run(ImageClassificationDataset.Config.from(o))),
                new Section("3.6", "Implementation of Softmax Regression from Scratch", SoftmaxRegressionScratch.class,
                        o -> SoftmaxRegressionScratch.run(SoftmaxRegressionScratch.Config.from(o))),
                new Section("3.7", "Concise Implementation of Softmax Regression", SoftmaxRegressionConcise.class,
                        o -> SoftmaxRegressionConcise.run(SoftmaxRegressionConcise.Config.from(o))));
    }
}
