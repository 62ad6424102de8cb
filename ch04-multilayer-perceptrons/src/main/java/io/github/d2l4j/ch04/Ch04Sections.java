package io.github.d2l4j.ch04;

import io.github.d2l4j.common.run.Chapter;
import io.github.d2l4j.common.run.Section;
import java.util.List;

/** Chapter 4's sections, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch04Sections implements Chapter {
    @Override
    public List<Section> sections() {
        return List.of(
                new Section("4.1", "Multilayer Perceptrons", Mlp.class, o -> Mlp.run(Mlp.Config.from(o))),
                new Section("4.2", "Implementation of Multilayer Perceptrons from Scratch", MlpScratch.class,
                        o -> MlpScratch.run(MlpScratch.Config.from(o))),
                new Section("4.3", "Concise Implementation of Multilayer Perceptrons", MlpConcise.class,
                        o -> MlpConcise.run(MlpConcise.Config.from(o))),
                new Section("4.4", "Model Selection, Underfitting, and Overfitting", UnderfitOverfit.class,
                        o -> UnderfitOverfit.run(UnderfitOverfit.Config.from(o))),
                new Section("4.5", "Weight Decay", WeightDecay.class, o -> WeightDecay.run(WeightDecay.Config.from(o))),
                new Section("4.6", "Dropout", Dropout.class, o -> Dropout.run(Dropout.Config.from(o))),
                new Section("4.7", "Forward Propagation, Backward Propagation, and Computational Graphs", Backprop.class,
                        o -> Backprop.run(Backprop.Config.from(o))),
                new Section("4.8", "Numerical Stability and Initialization", NumericalStability.class,
                        o -> NumericalStability.run(NumericalStability.Config.from(o))),
                new Section("4.10", "Predicting House Prices on Kaggle", KaggleHousePrice.class,
                        o -> KaggleHousePrice.run(KaggleHousePrice.Config.from(o))));
    }
}
