package io.github.d2l4j.ch11;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 11's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch11Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(OptimizationIntro.class, OptimizationIntro.Config::from, OptimizationIntro::run),
                Section.of(Convexity.class, Convexity.Config::from, Convexity::run),
                Section.of(GradientDescent.class, GradientDescent.Config::from, GradientDescent::run),
                Section.of(
                        StochasticGradientDescent.class,
                        StochasticGradientDescent.Config::from,
                        StochasticGradientDescent::run),
                Section.of(MinibatchSgd.class, MinibatchSgd.Config::from, MinibatchSgd::run),
                Section.of(Momentum.class, AirfoilConfig::from, Momentum::run),
                Section.of(Adagrad.class, AirfoilConfig::from, Adagrad::run),
                Section.of(Rmsprop.class, AirfoilConfig::from, Rmsprop::run),
                Section.of(Adadelta.class, AirfoilConfig::from, Adadelta::run),
                Section.of(Adam.class, AirfoilConfig::from, Adam::run),
                Section.of(
                        LearningRateScheduling.class,
                        LearningRateScheduling.Config::from,
                        LearningRateScheduling::run));
    }
}
