package io.github.d2l4j.common.train;

import io.github.d2l4j.common.data.Airfoil;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.DoubleSupplier;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 11's training loops on the airfoil data: {@code train_ch11} (a from-scratch optimiser on
 * linear regression) and {@code train_concise_ch11} (a DL4J updater on a DL4J network).
 *
 * <p><b>The book's bookkeeping</b>, which both loops keep: n counts the examples seen; every time
 * {@code n % 200 == 0} the timer stops, the loss is evaluated on all the rows (the book's {@code
 * d2l.evaluate_loss}, here one matrix product over the 1500 rows), the point {@code (n / batch /
 * len(data_iter), loss)} goes to the Animator, and the timer restarts. So the timer holds the
 * training time between evaluations, and the {@code sec/epoch} printed at the end, {@code
 * timer.avg()}, is really the mean time of one 200-example interval (7.5 to an epoch of 1500), not
 * of an epoch; it is printed as the book prints it. At batch 1500 the evaluation falls every second
 * epoch (n = 3000, 6000, ...), as in the book. The book's {@code evaluate_loss} walks the shuffled
 * {@code data_iter}, which draws from PyTorch's global generator; here it does not touch the loader.
 *
 * <p>Defined in D2L §11.5.
 */
public final class TrainCh11 {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCh11.class);

    /** The book evaluates the loss every time the examples seen are a multiple of this. */
    static final int EVAL_EVERY = 200;

    private TrainCh11() {}

    /** A parameter and its gradient, the book's {@code p} and {@code p.grad}. */
    public record Param(INDArray data, INDArray grad) {}

    /**
     * A from-scratch optimiser, the book's {@code trainer_fn(params, states, hyperparams)}: it updates each
     * {@code params.get(i).data()} in place from its gradient and its state tuple {@code states.get(i)}; it
     * may change {@code hyperparams} (Adam's {@code t}).
     */
    @FunctionalInterface
    public interface TrainerFn {
        void step(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams);
    }

    /**
     * The result of a run.
     *
     * @param epochs the Animator's x values, {@code n / batch / len(data_iter)} at each evaluation
     * @param losses the loss over all rows at each evaluation (half the MSE)
     * @param times cumulative training seconds at each evaluation, evaluation excluded (the book's {@code
     *     timer.cumsum()})
     * @param secPerEpoch what the book prints as sec/epoch: {@code timer.avg()}
     * @param plot the Animator's PNG, or null
     */
    public record Result(double[] epochs, double[] losses, double[] times, double secPerEpoch, Path plot)
            implements SectionResult {
        public double finalLoss() {
            return losses[losses.length - 1];
        }

        @Override
        public Summary summary() {
            Summary s = Summary.of().add("loss", finalLoss()).add("sec_per_epoch", secPerEpoch);
            return plot == null ? s : s.add("plot", plot);
        }
    }

    /**
     * {@code train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs)}: w ~ N(0, 0.01^2),
     * b = 0, seeded by {@code seed}; logs {@code loss: 0.243, 0.012 sec/epoch}.
     *
     * <p>Where the book calls {@code l.backward()} on {@code squared_loss(linreg(X, w, b), y).mean()}, the
     * gradients are written out with ND4J operations (dw = X^T (Xw + b - y) / B, db = mean(Xw + b - y)),
     * checked against SameDiff's in {@code TrainCh11Test}: a step is two small matrix products and no graph,
     * which is what keeps batch 1 (1500 steps an epoch) fast. Each step overwrites {@code p.grad()}, so a
     * {@code trainerFn} need not zero it as the book's {@code p.grad.data.zero_()} does. {@code states} may be
     * null (the book's {@code None}).
     *
     * @param png the Animator's file, or null for none
     */
    public static Result trainCh11(
            TrainerFn trainerFn,
            List<INDArray[]> states,
            Map<String, Double> hyperparams,
            Airfoil.Data data,
            int numEpochs,
            long seed,
            Path png) {
        Objects.requireNonNull(trainerFn, "trainerFn");
        requireHyperparams(hyperparams);
        requireRun(data, numEpochs);
        // w = torch.normal(0, 0.01, (feature_dim, 1)), b = torch.zeros(1)
        Nd4j.getRandom().setSeed(seed);
        Linreg model =
                new Linreg(Nd4j.randn(DataType.FLOAT, data.featureDim(), 1).muli(0.01), Nd4j.zeros(DataType.FLOAT, 1));
        List<INDArray[]> s = states == null ? List.of() : states;
        return train(
                data,
                numEpochs,
                png,
                (x, y) -> {
                    model.backward(x, y); // l = loss(net(X), y).mean(); l.backward()
                    trainerFn.step(model.params(), s, hyperparams);
                },
                () -> model.evaluateLoss(data.features(), data.labels()));
    }

    /**
     * Linear regression, {@code d2l.linreg} with {@code d2l.squared_loss}, and its gradients written out:
     * for the mean over a batch of B of ½ (Xw + b - y)^2, with r = Xw + b - y,
     * dw = X^T r / B and db = mean(r). {@code TrainCh11Test} checks them against SameDiff's on random data.
     * The residuals live in arrays kept from step to step, so a step allocates no (B, 1) arrays.
     */
    static final class Linreg {
        private final Param w;
        private final Param b;
        private final List<Param> params;
        private INDArray residual = Nd4j.zeros(DataType.FLOAT, 0, 1);
        private INDArray ones = Nd4j.zeros(DataType.FLOAT, 0, 1);
        private INDArray allResidual = Nd4j.zeros(DataType.FLOAT, 0, 1);
        private INDArray allOnes = Nd4j.zeros(DataType.FLOAT, 0, 1);

        Linreg(INDArray w, INDArray b) {
            this.w = new Param(w, Nd4j.zeros(DataType.FLOAT, w.shape()));
            this.b = new Param(b, Nd4j.zeros(DataType.FLOAT, b.shape()));
            this.params = List.of(this.w, this.b);
        }

        /** [w, b], as the book hands them to {@code trainer_fn}. */
        List<Param> params() {
            return params;
        }

        /**
         * r = Xw + b - y into {@code out}: the product is an ND4J matrix product, the rest two BLAS {@code
         * axpy} calls (r += b 1, r -= y), which skip the op executioner that each ND4J op goes through and cost
         * a few microseconds where an ND4J op costs tens.
         */
        private INDArray residual(INDArray x, INDArray y, INDArray out, INDArray onesLikeOut) {
            Nd4j.gemm(x, w.data(), out, false, false, 1.0, 0.0);
            Level1 blas = Nd4j.getBlasWrapper().level1();
            blas.axpy(out.length(), b.data().getFloat(0), onesLikeOut, out);
            blas.axpy(out.length(), -1.0, y, out);
            return out;
        }

        /** Writes the gradients of the batch's mean ½ squared loss into w.grad and b.grad. */
        void backward(INDArray x, INDArray y) {
            long batch = x.size(0);
            if (residual.size(0) != batch) {
                residual = Nd4j.create(DataType.FLOAT, batch, 1);
                ones = Nd4j.ones(DataType.FLOAT, batch, 1);
            }
            INDArray r = residual(x, y, residual, ones);
            Nd4j.gemm(x, r, w.grad(), true, false, 1.0 / batch, 0.0); // dw = X^T r / B
            double db = Nd4j.getBlasWrapper().level1().dot(batch, 1.0, ones, r) / batch; // db = mean(r)
            b.grad().putScalar(0, db);
        }

        /** {@code d2l.evaluate_loss(net, data_iter, squared_loss)}: the mean ½ squared loss over all rows. */
        double evaluateLoss(INDArray features, INDArray labels) {
            long rows = features.size(0);
            if (allResidual.size(0) != rows) {
                allResidual = Nd4j.create(DataType.FLOAT, rows, 1);
                allOnes = Nd4j.ones(DataType.FLOAT, rows, 1);
            }
            double norm = Nd4j.getBlasWrapper().level1().nrm2(residual(features, labels, allResidual, allOnes));
            return norm * norm / 2 / rows;
        }
    }

    /**
     * {@code train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs)}: {@code nn.Linear(5, 1)} as a
     * DL4J network whose weight is N(0, 0.01^2) and whose bias has PyTorch's default init, trained with the
     * DL4J updater {@code updater} on the mean squared loss; reports half the MSE as the book does.
     *
     * @param png the Animator's file, or null for none
     */
    public static Result trainConciseCh11(IUpdater updater, Airfoil.Data data, int numEpochs, long seed, Path png) {
        requireUpdater(updater);
        requireRun(data, numEpochs);
        MultiLayerNetwork net = linearNet(updater, data.featureDim(), seed);
        INDArray features = data.features();
        INDArray labels = data.labels();
        return train(data, numEpochs, png, (x, y) -> net.fit(new DataSet(x, y)), () -> {
            // d2l.evaluate_loss(net, data_iter, MSELoss(reduction='none')) / 2
            double norm = net.output(features, false).subi(labels).norm2Number().doubleValue();
            return norm * norm / features.size(0) / 2;
        });
    }

    /**
     * {@code nn.Sequential(nn.Linear(5, 1))} with {@code normal_(m.weight, std=0.01)}: one DL4J output layer
     * (identity, {@code LossFunctions.MSE}) whose weight is N(0, 0.01^2) and whose bias is PyTorch's default
     * U(-1/sqrt(5), 1/sqrt(5)), which the book leaves alone (DL4J's default bias is 0).
     *
     * <p>The book's loss is {@code MSELoss(reduction='none')} with {@code l.mean().backward()}: the gradient of
     * the mean squared error, without the ½ of {@code squared_loss}, so twice the gradient {@link #trainCh11}
     * follows. DL4J's MSE gives the same: its gradient per example is 2 (y_hat - y) / nOut with nOut = 1, and
     * {@code fit} divides the batch's sum by the batch size. {@code TrainCh11Test} checks one step against the
     * scratch step.
     */
    static MultiLayerNetwork linearNet(IUpdater updater, int featureDim, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                // No workspaces: for a 5 -> 1 layer their bookkeeping costs more than the arrays they
                // recycle (1.1-1.4 against 1.3-1.7 ms a step of batch 10, measured alternating on a loaded machine).
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(featureDim)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .weightInit(WeightInit.ZERO)
                        .build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        net.setParam("0_W", Nd4j.randn(DataType.FLOAT, featureDim, 1).muli(0.01));
        net.setParam("0_b", TorchInit.defaultUniform(featureDim, 1, 1));
        return net;
    }

    /**
     * The book's hyperparameter names, checked before any work: {@code lr} positive, {@code momentum} in [0, 1),
     * {@code gamma} and {@code rho} in (0, 1), {@code t} at least 1. Other names pass as they are.
     */
    static void requireHyperparams(Map<String, Double> hyperparams) {
        Objects.requireNonNull(hyperparams, "hyperparams");
        hyperparams.forEach((name, value) -> {
            boolean ok = switch (name) {
                case "lr" -> value != null && value > 0 && Double.isFinite(value);
                case "momentum" -> value != null && value >= 0 && value < 1;
                case "gamma", "rho" -> value != null && value > 0 && value < 1;
                case "t" -> value != null && value >= 1 && Double.isFinite(value);
                default -> true;
            };
            if (!ok) {
                throw new IllegalArgumentException("train_ch11: bad hyperparameter " + name + "=" + value + " (lr > 0,"
                        + " 0 <= momentum < 1, 0 < gamma, rho < 1, t >= 1)");
            }
        });
    }

    /** A DL4J updater with a non-positive learning rate, or Adadelta's rho outside (0, 1), is bad input. */
    static void requireUpdater(IUpdater updater) {
        Objects.requireNonNull(updater, "updater");
        if (updater.hasLearningRate()) {
            double lr = updater.getLearningRate(0, 0);
            if (!(lr > 0 && Double.isFinite(lr))) {
                throw new IllegalArgumentException(
                        "train_concise_ch11: the learning rate must be positive, got " + lr + " in " + updater);
            }
        }
        if (updater instanceof AdaDelta a && !(a.getRho() > 0 && a.getRho() < 1)) {
            throw new IllegalArgumentException("train_concise_ch11: rho must lie in (0, 1), got " + a.getRho());
        }
        if (updater instanceof RmsProp r && !(r.getRmsDecay() > 0 && r.getRmsDecay() < 1)) {
            throw new IllegalArgumentException(
                    "train_concise_ch11: rmsDecay (the book's gamma) must lie in (0, 1), got " + r.getRmsDecay());
        }
    }

    private static void requireRun(Airfoil.Data data, int numEpochs) {
        Objects.requireNonNull(data, "data");
        if (numEpochs <= 0) {
            throw new IllegalArgumentException("train_ch11: numEpochs must be positive, got " + numEpochs);
        }
        if ((long) numEpochs * data.numExamples() < EVAL_EVERY) {
            throw new IllegalArgumentException("train_ch11 evaluates the loss every " + EVAL_EVERY + " examples, but "
                    + numEpochs + " epochs of " + data.numExamples() + " examples never reach " + EVAL_EVERY);
        }
    }

    /**
     * The loop both functions share: {@code step} takes a batch's features and labels and updates the model,
     * {@code evaluateLoss} gives the loss over all rows.
     */
    private static Result train(
            Airfoil.Data data,
            int numEpochs,
            Path png,
            BiConsumer<INDArray, INDArray> step,
            DoubleSupplier evaluateLoss) {
        Threads.applyDefault(); // one thread for ND4J's own ops: these arrays are tiny (PERFORMANCE.md)
        DataSetIterator dataIter = data.dataIter();
        int batchSize = dataIter.batch();
        int numBatches = (data.numExamples() + batchSize - 1) / batchSize; // len(data_iter)
        Animator animator = new Animator(
                Axes.of().withLabels("epoch", "loss").withXlim(0, numEpochs).withYlim(0.22, 0.35), png);
        List<Double> epochs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        long n = 0;
        Timer timer = new Timer();
        for (int epoch = 1; epoch <= numEpochs; epoch++) {
            dataIter.reset();
            while (dataIter.hasNext()) {
                DataSet batch = dataIter.next();
                step.accept(batch.getFeatures(), batch.getLabels());
                long b = batch.getFeatures().size(0);
                n += b;
                if (n % EVAL_EVERY == 0) {
                    timer.stop();
                    double loss = evaluateLoss.getAsDouble();
                    double x = (double) n / b / numBatches;
                    animator.add(x, loss);
                    epochs.add(x);
                    losses.add(loss);
                    timer.start();
                }
            }
            if (!losses.isEmpty()) {
                Divergence.requireFinite(epoch, losses.get(losses.size() - 1));
            }
        }
        if (losses.isEmpty()) {
            throw new IllegalArgumentException("train_ch11: n never reached a multiple of " + EVAL_EVERY
                    + " at batch size " + batchSize + ", so the loss was never evaluated");
        }
        double last = losses.get(losses.size() - 1);
        LOG.info(String.format("loss: %.3f, %.3f sec/epoch", last, timer.avg()));
        return new Result(
                epochs.stream().mapToDouble(Double::doubleValue).toArray(),
                losses.stream().mapToDouble(Double::doubleValue).toArray(),
                timer.cumsum(),
                timer.avg(),
                png);
    }
}
