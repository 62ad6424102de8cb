package io.github.d2l4j.ch05;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 5's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch05Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(ModelConstruction.class, ModelConstruction.Config::from, ModelConstruction::run),
                Section.of(Parameters.class, Parameters.Config::from, Parameters::run),
                Section.of(DeferredInit.class, DeferredInit.Config::from, DeferredInit::run),
                Section.of(CustomLayer.class, CustomLayer.Config::from, CustomLayer::run),
                Section.of(ReadWrite.class, ReadWrite.Config::from, ReadWrite::run),
                Section.of(UseGpu.class, UseGpu.Config::from, UseGpu::run));
    }
}
