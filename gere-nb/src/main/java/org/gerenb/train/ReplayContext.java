package org.gerenb.train;

import java.util.ArrayList;
import java.util.List;
import org.gerenb.data.ReplaySet;

/** The replay samples with what the constraints compare them against. */
public record ReplayContext(ReplaySet replaySet, ReplayReference reference, ReferenceLogits referenceLogits) {

    public List<TrainingItem> items() {
        List<TrainingItem> items = new ArrayList<>();
        for (int i = 0; i < replaySet.size(); i++) {
            items.add(TrainingItem.replay(replaySet.samples().get(i), i));
        }
        return items;
    }
}
