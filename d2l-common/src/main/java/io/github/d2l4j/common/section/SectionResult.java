package io.github.d2l4j.common.section;

/** What a section's {@code run} returns: values for tests, and the summary line for people. */
public interface SectionResult {

    /**
     * The fields of the one machine-readable line that ends a run. The runner prints them after
     * the section's id, for example {@code result section=3.7 epochs=10 train_loss=0.447
     * train_acc=0.848 test_acc=0.835 sec_per_epoch=0.200 plot=target/plots/3.7-train.png}.
     */
    Summary summary();
}
