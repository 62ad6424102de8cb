package io.github.d2l4j.ch12;

import io.github.d2l4j.common.device.OneDnn;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.DefaultTrainerContext;
import org.deeplearning4j.parallelism.factory.SymmetricTrainerContext;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.deeplearning4j.parallelism.trainer.DefaultTrainer;
import org.deeplearning4j.parallelism.trainer.SymmetricTrainer;
import org.deeplearning4j.parallelism.trainer.Trainer;

/**
 * {@link ParallelWrapper}'s workers with oneDNN on every worker's copy of the network, not only on
 * worker 0's.
 *
 * <p>Why this is needed: DL4J 1.0.0-M2.1 finds no oneDNN helper for a layer by itself (its helper
 * lookup is broken; {@link OneDnn#layerHelpers} sets them), and its wrapper's workers 1..N-1 train
 * copies that they rebuild from the network's configuration when they start, at every {@code fit}.
 * Such a copy runs DL4J's built-in convolutions, several times slower than oneDNN's, and every
 * averaging round waits for the slowest worker. DL4J's own hook for this is {@code
 * DefaultTrainer.postInit()}, called once a worker's copy exists and before it trains ("classes
 * that extend DefaultTrainer might hook something there"); the trainers below give the copy its
 * helpers there.
 *
 * <p>The wrapper's builder takes a trainer factory, but M2.1's {@code build()} replaces it with the
 * mode's own ({@code DefaultTrainerContext} for averaging, {@code SymmetricTrainerContext} for
 * gradient sharing), so {@link #install} replaces that one on the built wrapper, before its first
 * {@code fit} creates the workers. The factories below are those two with only the trainer's class
 * changed; everything else (averaging, the gradient accumulator) is DL4J's.
 */
public final class OneDnnTrainers {
    private OneDnnTrainers() {}

    /**
     * Gives {@code wrapper}'s future workers oneDNN helpers (where ND4J has oneDNN, {@link
     * OneDnn#inUse()}) and makes a worker's {@link Error} end {@code fit} instead of hanging it. The
     * factory follows the one the wrapper's mode installed, so averaging stays averaging and
     * gradient sharing keeps its accumulator.
     *
     * @param wrapper a built wrapper whose workers do not exist (M2.1 creates them at the start of
     *     each {@code fit} and drops them at its end)
     * @return {@code wrapper}
     * @throws IllegalStateException if {@code wrapper} already has its workers
     */
    public static ParallelWrapper install(ParallelWrapper wrapper) {
        if (wrapper.getZoo() != null) {
            throw new IllegalStateException(
                    "OneDnnTrainers.install: the wrapper's workers exist (a fit is running); " + "install before it");
        }
        wrapper.setTrainerContext(context(wrapper.getTrainerContext()));
        return wrapper;
    }

    /** The factory to use instead of {@code built}, the one M2.1's {@code build()} chose for the mode. */
    static TrainerContext context(TrainerContext built) {
        if (built instanceof SymmetricTrainerContext) { // SHARED_GRADIENTS (and CUSTOM, in M2.1)
            return new Sharing();
        }
        if (built instanceof DefaultTrainerContext) { // AVERAGING
            return new Averaging();
        }
        throw new IllegalArgumentException("OneDnnTrainers: no oneDNN counterpart of "
                + (built == null ? "no trainer factory" : built.getClass().getName()));
    }

    /**
     * A worker's network once it exists: a copy gets its layers' oneDNN helpers. Worker 0 trains
     * the caller's network itself ({@code original}), which keeps what the caller gave it.
     */
    static void addHelpers(Model copy, Model original) {
        if (copy == original || !OneDnn.inUse()) {
            return;
        } else if (copy instanceof ComputationGraph g) {
            OneDnn.layerHelpers(g);
        } else if (copy instanceof MultiLayerNetwork n) {
            OneDnn.layerHelpers(n);
        }
    }

    /** {@code DefaultTrainerContext} (averaging) making {@link AveragingTrainer}s. */
    static final class Averaging extends DefaultTrainerContext {
        @Override
        public Trainer create(
                String uuid,
                int threadId,
                Model model,
                int rootDevice,
                boolean useMDS,
                ParallelWrapper wrapper,
                WorkspaceMode mode,
                int averagingFrequency) {
            AveragingTrainer trainer =
                    new AveragingTrainer(uuid, threadId, model, useMDS, wrapper, mode, averagingFrequency);
            trainer.setName("DefaultTrainer thread " + threadId);
            trainer.setDaemon(true);
            return trainer;
        }
    }

    /** DL4J's averaging worker, set up as {@code DefaultTrainerContext.create} sets it up. */
    static final class AveragingTrainer extends DefaultTrainer {
        AveragingTrainer(
                String uuid,
                int threadId,
                Model model,
                boolean useMDS,
                ParallelWrapper wrapper,
                WorkspaceMode mode,
                int averagingFrequency) {
            this.originalModel = model;
            this.replicatedModel = model;
            this.threadId = threadId;
            this.parallelWrapper = wrapper;
            this.workspaceMode = mode;
            this.useMDS = useMDS;
            this.uuid = uuid + "_thread_" + threadId;
            this.averagingFrequency = averagingFrequency;
        }

        @Override
        protected void postInit() {
            super.postInit();
            addHelpers(replicatedModel, originalModel);
        }

        @Override
        public void run() {
            try {
                super.run();
            } catch (Error e) {
                thrownException = failed(threadId, e);
            }
        }
    }

    /** {@code SymmetricTrainerContext} (gradient sharing) making {@link SharingTrainer}s. */
    static final class Sharing extends SymmetricTrainerContext {
        @Override
        public Trainer create(
                String uuid,
                int threadId,
                Model model,
                int rootDevice,
                boolean useMDS,
                ParallelWrapper wrapper,
                WorkspaceMode mode,
                int averagingFrequency) {
            SharingTrainer trainer = new SharingTrainer(model, uuid, threadId, mode, wrapper, useMDS);
            trainer.setName("SymmetricTrainer thread " + threadId);
            trainer.setDaemon(true);
            return trainer;
        }
    }

    /** DL4J's gradient-sharing worker. */
    static final class SharingTrainer extends SymmetricTrainer {
        SharingTrainer(
                Model model, String uuid, int threadId, WorkspaceMode mode, ParallelWrapper wrapper, boolean useMDS) {
            super(model, uuid, threadId, mode, wrapper, useMDS);
        }

        @Override
        protected void postInit() {
            super.postInit();
            addHelpers(replicatedModel, originalModel);
        }

        @Override
        public void run() {
            try {
                super.run();
            } catch (Error e) {
                thrownException = failed(threadId, e);
            }
        }
    }

    /** What {@code fit}, which waits for the workers, rethrows when worker {@code threadId} died of {@code e}. */
    static Exception failed(int threadId, Error e) {
        return new IllegalStateException("ParallelWrapper worker " + threadId + " stopped: " + e, e);
    }
}
