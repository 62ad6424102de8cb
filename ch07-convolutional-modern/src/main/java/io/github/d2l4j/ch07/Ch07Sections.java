package io.github.d2l4j.ch07;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.Section;
import java.util.List;

/** Chapter 7's sections in book order, for {@code ./d2l list} and {@code ./d2l run}. */
public final class Ch07Sections implements Chapter {
    @Override
    public List<Section<?>> sections() {
        return List.of(
                Section.of(AlexNet.class, AlexNet::config, AlexNet::run),
                Section.of(Vgg.class, Vgg::config, Vgg::run),
                Section.of(Nin.class, Nin::config, Nin::run),
                Section.of(GoogLeNet.class, GoogLeNet::config, GoogLeNet::run),
                Section.of(BatchNorm.class, BatchNorm.Config::from, BatchNorm::run),
                Section.of(ResNet.class, ResNet::config, ResNet::run),
                Section.of(DenseNet.class, DenseNet::config, DenseNet::run));
    }
}
