package io.github.d2l4j.ch02;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 2's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch02Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(DataManipulation.class, DataManipulation.Config::from, DataManipulation::run),
                Section.of(DataPreprocessing.class, DataPreprocessing.Config::from, DataPreprocessing::run),
                Section.of(LinearAlgebra.class, LinearAlgebra.Config::from, LinearAlgebra::run),
                Section.of(Calculus.class, Calculus.Config::from, Calculus::run),
                Section.of(Autograd.class, Autograd.Config::from, Autograd::run),
                Section.of(Probability.class, Probability.Config::from, Probability::run),
                Section.of(LookupApi.class, LookupApi.Config::from, LookupApi::run));
    }
}
