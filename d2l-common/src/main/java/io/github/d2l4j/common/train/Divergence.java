package io.github.d2l4j.common.train;

/**
 * The one check of every training loop: once an epoch, the loss it reports must be a finite
 * number. A loss of NaN or infinity means the run diverged, most often because the learning rate
 * is too large; nothing after it would mean anything, so the loop stops with a {@link
 * TrainingDivergedException}, which {@code ./d2l} ends with exit status 3 and the learning rate.
 *
 * <p>{@code trainCh3} and {@code trainCh6} call it, and so does each section that writes its own
 * loop (linear regression, polynomial fitting, weight decay, K-fold training, learning a kernel).
 * A new loop ({@code trainCh8} and after) calls it too, with the loss it reports for the epoch.
 */
public final class Divergence {
    private Divergence() {}

    /**
     * Returns {@code loss}, or throws if it is NaN or infinite.
     *
     * @param epoch the epoch (from 1) whose loss this is; a loop that counts iterations gives the
     *     iteration, as the book prints it
     * @throws TrainingDivergedException naming the epoch and the loss
     */
    public static double requireFinite(int epoch, double loss) {
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(epoch, loss);
        }
        return loss;
    }
}
