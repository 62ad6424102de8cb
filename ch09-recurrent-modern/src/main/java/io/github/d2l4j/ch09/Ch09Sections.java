package io.github.d2l4j.ch09;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 9's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch09Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(Gru.class, Gru.Config::from, Gru::run),
                Section.of(Lstm.class, Lstm.Config::from, Lstm::run),
                Section.of(DeepRnn.class, DeepRnn.Config::from, DeepRnn::run),
                Section.of(BiRnn.class, BiRnn.Config::from, BiRnn::run),
                Section.of(
                        MachineTranslationAndDataset.class,
                        MachineTranslationAndDataset.Config::from,
                        MachineTranslationAndDataset::run),
                Section.of(
                        EncoderDecoderArchitecture.class,
                        EncoderDecoderArchitecture.Config::from,
                        EncoderDecoderArchitecture::run),
                Section.of(Seq2seq.class, Seq2seq.Config::from, Seq2seq::run),
                Section.of(BeamSearch.class, BeamSearch.Config::from, BeamSearch::run));
    }
}
