package io.github.d2l4j.ch12;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 12's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch12Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(Hybridize.class, Hybridize.Config::from, Hybridize::run),
                Section.of(AsyncComputation.class, AsyncComputation.Config::from, AsyncComputation::run),
                Section.of(AutoParallelism.class, AutoParallelism.Config::from, AutoParallelism::run),
                Section.of(Hardware.class, Hardware.Config::from, Hardware::run),
                Section.of(MultipleGpus.class, MultipleGpus.Config::from, MultipleGpus::run),
                Section.of(MultipleGpusConcise.class, MultipleGpusConcise.Config::from, MultipleGpusConcise::run),
                Section.of(ParameterServer.class, ParameterServer.Config::from, ParameterServer::run));
    }
}
