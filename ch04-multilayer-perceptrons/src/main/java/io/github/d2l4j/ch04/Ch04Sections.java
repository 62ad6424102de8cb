package io.github.d2l4j.ch04;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 4's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch04Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(Mlp.class, Mlp.Config::from, Mlp::run),
                Section.of(MlpScratch.class, MlpScratch.Config::from, MlpScratch::run),
                Section.of(MlpConcise.class, MlpConcise.Config::from, MlpConcise::run),
                Section.of(UnderfitOverfit.class, UnderfitOverfit.Config::from, UnderfitOverfit::run),
                Section.of(WeightDecay.class, WeightDecay.Config::from, WeightDecay::run),
                Section.of(Dropout.class, Dropout.Config::from, Dropout::run),
                Section.of(Backprop.class, Backprop.Config::from, Backprop::run),
                Section.of(NumericalStability.class, NumericalStability.Config::from, NumericalStability::run),
                Section.of(KaggleHousePrice.class, KaggleHousePrice.Config::from, KaggleHousePrice::run));
    }
}
