package io.github.d2l4j.ch12;

import io.github.d2l4j.common.device.OneDnn;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.ParallelWrapper.TrainingMode;
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
 * gradient sharing), so {@link #install} sets it on the built wrapper, before its first {@code
 * fit} creates the workers. The factories below are those two with only the trainer's class
 * changed; everything else (averaging, the gradient accumulator) is DL4J's.
 */
public final class OneDnnTrainers {
    private OneDnnTrainers() {}

    /**
     * Gives {@code wrapper}'s future workers oneDNN helpers (where ND4J has oneDNN, {@link
     * OneDnn#inUse()}; elsewhere it leaves the wrapper as it is).
     *
     * @param mode the mode {@code wrapper} was built with
     * @return {@code wrapper}
     */
    public static ParallelWrapper install(ParallelWrapper wrapper, TrainingMode mode) {
        if (OneDnn.inUse()) {
            wrapper.setTrainerContext(context(mode));
        }
        return wrapper;
    }

    /** The mode's trainer factory, its workers with oneDNN helpers. */
    static TrainerContext context(TrainingMode mode) {
        return switch (mode) {
            case AVERAGING -> new Averaging();
            case SHARED_GRADIENTS -> new Sharing();
            case CUSTOM -> throw new IllegalArgumentException("OneDnnTrainers: no factory for TrainingMode.CUSTOM");
        };
    }

    /** A worker's network after it was built or copied: its layers get their oneDNN helpers. */
    static void addHelpers(Model copy) {
        if (copy instanceof ComputationGraph g) {
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
            addHelpers(replicatedModel);
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
            addHelpers(replicatedModel);
        }
    }
}
