package io.github.d2l4j.ch02;

import io.github.d2l4j.common.run.Chapter;
import io.github.d2l4j.common.run.Section;
import java.util.List;

/** Chapter 2's sections, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch02Sections implements Chapter {
    @Override
    public List<Section> sections() {
        return List.of(
                new Section("2.1", "Data Manipulation", DataManipulation.class,
                        o -> DataManipulation.run(DataManipulation.Config.from(o))),
                new Section("2.2", "Data Preprocessing", DataPreprocessing.class,
                        o -> DataPreprocessing.run(DataPreprocessing.Config.from(o))),
                new Section("2.3", "Linear Algebra", LinearAlgebra.class,
                        o -> LinearAlgebra.run(LinearAlgebra.Config.from(o))),
                new Section("2.4", "Calculus", Calculus.class, o -> Calculus.run(Calculus.Config.from(o))),
                new Section("2.5", "Automatic Differentiation", Autograd.class,
                        o -> Autograd.run(Autograd.Config.from(o))),
                new Section("2.6", "Probability", Probability.class,
                        o -> Probability.run(Probability.Config.from(o))),
                new Section("2.7", "Documentation", LookupApi.class, o -> LookupApi.run(LookupApi.Config.from(o))));
    }
}
