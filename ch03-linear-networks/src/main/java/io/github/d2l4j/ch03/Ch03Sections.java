package io.github.d2l4j.ch03;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 3's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch03Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(LinearRegression.class, LinearRegression.Config::from, LinearRegression::run),
                Section.of(
                        LinearRegressionScratch.class,
                        LinearRegressionScratch.Config::from,
                        LinearRegressionScratch::run),
                Section.of(
                        LinearRegressionConcise.class,
                        LinearRegressionConcise.Config::from,
                        LinearRegressionConcise::run),
                Section.of(SoftmaxRegression.class, SoftmaxRegression.Config::from, SoftmaxRegression::run),
                Section.of(
                        ImageClassificationDataset.class,
                        ImageClassificationDataset.Config::from,
                        ImageClassificationDataset::run),
                Section.of(
                        SoftmaxRegressionScratch.class,
                        SoftmaxRegressionScratch.Config::from,
                        SoftmaxRegressionScratch::run),
                Section.of(
                        SoftmaxRegressionConcise.class,
                        SoftmaxRegressionConcise.Config::from,
                        SoftmaxRegressionConcise::run));
    }
}
