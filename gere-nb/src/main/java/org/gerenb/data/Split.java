package org.gerenb.data;

/** The three splits of a task; the name is also the stem of the split's file (train.json, ...). */
public enum Split {
    TRAIN("train"),
    DEV("dev"),
    TEST("test");

    private final String fileStem;

    Split(String fileStem) {
        this.fileStem = fileStem;
    }

    public String fileStem() {
        return fileStem;
    }
}
