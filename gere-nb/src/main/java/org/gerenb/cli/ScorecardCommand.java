package org.gerenb.cli;

import java.nio.file.Path;
import java.util.Map;
import org.gerenb.experiment.Experiment;
import org.gerenb.experiment.ExperimentResults;
import org.gerenb.experiment.Scorecard;
import org.gerenb.report.Show;
import org.gerenb.report.Tables;
import tech.tablesaw.api.Table;

/**
 * ./gere scorecard: the paper's claims checked against the finished cells of table2, table3 and
 * ablations in their results folders (each merged first), and the paper's relative measures beside ours
 * (with onetask); prints both tables and writes scorecard.csv and paper-beside-ours.csv.
 */
final class ScorecardCommand {

    private static final String[] EXPERIMENTS = {"table2", "table3", "ablations", "onetask"};

    private ScorecardCommand() {
    }

    static void run(Args args) {
        String scale = args.string("scale", System.getenv().getOrDefault("GERE_SCALE", "full"));
        Path folder = Experiment.defaultResultsDir("scorecard", scale);
        Path out = args.path("out", folder.resolveSibling(folder.getFileName() + ".csv"));
        args.requireAllUsed();
        Map<String, ExperimentResults> experiments = Experiment.finishedResults(scale, EXPERIMENTS);
        Table card = Scorecard.of(experiments);
        System.out.println(Show.table(card, Integer.MAX_VALUE));
        Tables.writeRoundedCsv(card, out);
        System.out.println("scorecard written to " + out.toAbsolutePath());
        Table paper = Scorecard.besidePaper(experiments);
        Path paperOut = out.resolveSibling("paper-beside-ours.csv");
        System.out.println(Show.table(paper, Integer.MAX_VALUE));
        Tables.writeRoundedCsv(paper, paperOut);
        System.out.println("paper beside ours written to " + paperOut.toAbsolutePath());
    }
}
