package io.github.d2l4j.ch10;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 10's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch10Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(AttentionCues.class, AttentionCues.Config::from, AttentionCues::run),
                Section.of(NadarayaWatson.class, NadarayaWatson.Config::from, NadarayaWatson::run),
                Section.of(
                        AttentionScoringFunctions.class,
                        AttentionScoringFunctions.Config::from,
                        AttentionScoringFunctions::run),
                Section.of(BahdanauAttention.class, BahdanauAttention.Config::from, BahdanauAttention::run),
                Section.of(
                        MultiHeadAttentionSection.class,
                        MultiHeadAttentionSection.Config::from,
                        MultiHeadAttentionSection::run),
                Section.of(
                        SelfAttentionAndPositionalEncoding.class,
                        SelfAttentionAndPositionalEncoding.Config::from,
                        SelfAttentionAndPositionalEncoding::run),
                Section.of(Transformer.class, Transformer.Config::from, Transformer::run));
    }
}
