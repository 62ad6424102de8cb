package io.github.d2l4j.ch08;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 8's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch08Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(SequenceModels.class, SequenceModels.Config::from, SequenceModels::run),
                Section.of(TextPreprocessing.class, TextPreprocessing.Config::from, TextPreprocessing::run),
                Section.of(LanguageModels.class, LanguageModels.Config::from, LanguageModels::run),
                Section.of(Rnn.class, Rnn.Config::from, Rnn::run),
                Section.of(RnnScratch.class, RnnScratch.Config::from, RnnScratch::run),
                Section.of(RnnConcise.class, RnnConcise.Config::from, RnnConcise::run),
                Section.of(Bptt.class, Bptt.Config::from, Bptt::run));
    }
}
