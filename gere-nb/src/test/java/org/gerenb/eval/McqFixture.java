package org.gerenb.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small MMLU-layout benchmark written into a temporary directory. Each question's text says which
 * letter the fake model will pick ("pick B"), independently of the true answer.
 */
final class McqFixture {
    private McqFixture() {
    }

    static Path write(Path dir) throws IOException {
        write(dir, "dev/abstract_algebra_dev.csv", "\"What is 1+1?\",1,2,3,4,B\n");
        write(dir, "dev/philosophy_dev.csv", "Who wrote Republic?,Plato,Kant,Hume,Marx,A\n");
        write(dir, "dev/my_topic_dev.csv", "dev,a,b,c,d,D\n");
        // abstract_algebra (STEM): 3 of 4 right
        write(dir, "test/abstract_algebra_test.csv", "q1 pick A,a,b,c,d,A\nq2 pick B,a,b,c,d,B\n"
                + "\"q3, on\ntwo lines, pick C\",a,b,c,d,C\nq4 pick A,a,b,c,d,D\n");
        // philosophy (Humanities): 1 of 2 right
        write(dir, "test/philosophy_test.csv", "q5 pick D,a,b,c,d,D\nq6 pick B,a,b,c,d,C\n");
        // my_topic (Custom, from categories.csv): 1 of 1 right
        write(dir, "test/my_topic_test.csv", "q7 pick C,a,b,c,d,C\n");
        write(dir, "val/philosophy_val.csv", "v1,a,b,c,d,A\n");
        write(dir, "categories.csv", "subject,category\nmy_topic,Custom\nphilosophy,Humanities\n");
        return dir;
    }

    static void write(Path dir, String file, String content) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    /** Scores 1 for the continuation " X" where the prompt's last "pick X" names X, else 0. */
    static double[] fakeModel(List<String> prompts, List<String> continuations) {
        double[] scores = new double[prompts.size()];
        for (int i = 0; i < scores.length; i++) {
            String prompt = prompts.get(i);
            int pick = prompt.lastIndexOf("pick ");
            String letter = pick < 0 ? "A" : prompt.substring(pick + 5, pick + 6);
            scores[i] = continuations.get(i).equals(" " + letter) ? 1 : 0;
        }
        return scores;
    }
}
