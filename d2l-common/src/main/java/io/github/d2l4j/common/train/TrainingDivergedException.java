package io.github.d2l4j.common.train;

/**
 * The training loss stopped being a finite number: the run diverged, most often because the
 * learning rate is too large for the model. The runner adds the learning rate and ends the run
 * with its own exit status.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;

    public TrainingDivergedException(int epoch, double loss) {
        super("training diverged in epoch " + epoch + ": the training loss is " + loss);
        this.epoch = epoch;
    }

    /** The epoch (from 1) in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }
}
