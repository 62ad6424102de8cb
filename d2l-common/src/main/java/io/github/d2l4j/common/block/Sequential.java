package io.github.d2l4j.common.block;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The book's {@code nn.Sequential}: children named "0", "1", ... and applied in that order. (5.1
 * writes the same thing by hand, as {@code MySequential}.)
 */
public final class Sequential extends Block {
    private int size;

    public Sequential(Block... blocks) {
        for (Block b : blocks) {
            add(b);
        }
    }

    /** Appends a block, named by its position. */
    public Sequential add(Block block) {
        addChild(String.valueOf(size++), block);
        return this;
    }

    /** Appends a block under a name of its own, as {@code add_module(name, block)}. */
    public Sequential add(String name, Block block) {
        addChild(name, block);
        size++;
        return this;
    }

    @Override
    public SDVariable forward(SDVariable X) {
        for (Block b : children().values()) {
            X = b.forward(X);
        }
        return X;
    }
}
