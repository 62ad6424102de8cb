package io.github.d2l4j.ch06;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 6's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch06Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(ConvLayer.class, ConvLayer.Config::from, ConvLayer::run),
                Section.of(PaddingAndStrides.class, PaddingAndStrides.Config::from, PaddingAndStrides::run),
                Section.of(Channels.class, Channels.Config::from, Channels::run),
                Section.of(Pooling.class, Pooling.Config::from, Pooling::run),
                Section.of(LeNet.class, LeNet.Config::from, LeNet::run));
    }
}
