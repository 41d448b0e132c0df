package org.gerenb.train;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import org.gerenb.loss.FeatureImitation;
import org.gerenb.loss.LogitImitation;

/**
 * What is asked of the model on the replay texts besides fitting their labels (gere-method.md): each case
 * says which record of the base model it compares against and computes its term C on one replay
 * micro-batch; the trainer adds w * C. A new constraint is one more case here.
 */
public sealed interface ReplayConstraint {

    /** What the base model must leave behind for a constraint. */
    enum Needs { REGIONS, FEATURES, BASE_LOGITS }

    Needs needs();

    /** C on one replay micro-batch, a scalar. */
    NDArray loss(ReplayBatch batch);

    /** As the paper writes it in method names: TM, KL(T=2), L1, L2. */
    String label();

    /** "tm", "kl" (T = 2), "l1" or "l2", as in experiment files; null for any other name. */
    static ReplayConstraint named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tm" -> new Tm();
            case "kl" -> new Kl(2.0);
            case "l1" -> new L1();
            case "l2" -> new L2();
            default -> null;
        };
    }

    /** GeRe: the threshold-based margin on the regions of the last hidden states. */
    record Tm() implements ReplayConstraint {
        @Override
        public Needs needs() {
            return Needs.REGIONS;
        }

        @Override
        public NDArray loss(ReplayBatch batch) {
            return batch.margin(label()).loss();
        }

        @Override
        public String label() {
            return "TM";
        }
    }

    /** Logit imitation: KL divergence from the base model's next-token distributions, softened by T. */
    record Kl(double temperature) implements ReplayConstraint {
        public Kl {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("KL temperature must be > 0, got " + temperature);
            }
        }

        @Override
        public Needs needs() {
            return Needs.BASE_LOGITS;
        }

        @Override
        public NDArray loss(ReplayBatch batch) {
            return LogitImitation.kl(batch.output().logits(), batch.baseLogits(), batch.mask(), temperature);
        }

        @Override
        public String label() {
            String t = temperature == Math.rint(temperature) ? Long.toString((long) temperature)
                    : Double.toString(temperature);
            return "KL(T=" + t + ")";
        }
    }

    /** Feature imitation: mean absolute distance to the base model's last hidden states. */
    record L1() implements ReplayConstraint {
        @Override
        public Needs needs() {
            return Needs.FEATURES;
        }

        @Override
        public NDArray loss(ReplayBatch batch) {
            return FeatureImitation.l1(batch.output().lastHidden(), batch.baseFeatures(label()), batch.mask());
        }

        @Override
        public String label() {
            return "L1";
        }
    }

    /** Feature imitation: mean squared distance to the base model's last hidden states. */
    record L2() implements ReplayConstraint {
        @Override
        public Needs needs() {
            return Needs.FEATURES;
        }

        @Override
        public NDArray loss(ReplayBatch batch) {
            return FeatureImitation.l2(batch.output().lastHidden(), batch.baseFeatures(label()), batch.mask());
        }

        @Override
        public String label() {
            return "L2";
        }
    }
}
