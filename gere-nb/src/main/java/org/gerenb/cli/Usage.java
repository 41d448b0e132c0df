package org.gerenb.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** What each command of ./gere accepts: the lines `./gere --help` lists and `./gere COMMAND --help` prints. */
final class Usage {

    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("perplexity", """
                  perplexity --model DIR --data FILE.jsonl [--max-length N] [--batch-size B] [--out FILE.csv]
                             [--device cpu|gpu|gpu:N]
                """);
        COMMANDS.put("pretrain", """
                  pretrain   --out DIR [--data FILE.jsonl] [--tokenizer DIR] [--steps N] [--batch B] [--context T]
                             [--hidden H] [--layers L] [--heads N] [--kv-heads N] [--intermediate I] [--lr LR]
                             [--warmup N] [--seed S] [--checkpoint-every N] [--device cpu|gpu|gpu:N]
                """);
        COMMANDS.put("reference", """
                  reference  --model DIR --replay FILE.jsonl --out DIR [--max-length N] [--k K] [--count N]
                             [--kind regions|features|none] [--batch-size B] [--device cpu|gpu|gpu:N]
                """);
        COMMANDS.put("run", """
                  run        FILE.json|NAME [--scale ci|full|paper] [--results DIR] [--method LABEL --seed S]
                             [--workers N]   (with --method and --seed only that cell runs: one job of a
                             job array; otherwise the cells run on N processes, default one per two CPU cores)
                """);
        COMMANDS.put("cells", """
                  cells      FILE.json|NAME [--scale ci|full|paper]   one line per cell: LABEL<TAB>SEED
                """);
        COMMANDS.put("merge", """
                  merge      FILE.json|NAME [--scale ci|full|paper] [--results DIR]   tables of the finished cells
                """);
        COMMANDS.put("reproduce", """
                  reproduce  quickstart|table2|table3|ablations|learnability|onetask [--scale ci|full|paper] [--results DIR]
                             [--workers N (default one per two CPU cores, one on a GPU)]
                             [--model DIR --tasks DIR --mmlu DIR --replay FILE --device gpu]   (paper scale)
                """);
        COMMANDS.put("scorecard", """
                  scorecard  [--scale ci|full] [--out FILE.csv]   the paper's claims against the finished cells
                             of table2, table3 and ablations (default results/scorecard.csv)
                """);
        COMMANDS.put("bench", """
                  bench      [--steps N] [--warmup N] [--memory-steps N] [--configs small,medium] [--out FILE.csv]
                             [--compare [--python PATH (default GERE_PYTHON, else python3)]] [--threads N]
                             [--rounds N (GeRe runs; --compare's Java/PyTorch rounds; default 3)]
                             [--sections throughput,memory,gere,eval (default: all)] [--eval-spec NAME (quickstart)]
                """);
        COMMANDS.put("model-card", """
                  model-card [--model DIR] [--corpus FILE] [--heldout FILE] [--benchmark DIR] [--training FILE]
                """);
        COMMANDS.put("lab", """
                  lab        (JupyterLab on notebooks/, handled by the ./gere script)
                """);
    }

    private static final String OPTIONS = """
            options are written --name VALUE or --name=VALUE; ./gere COMMAND --help shows one command,
            ./gere --version the version
            """;

    private Usage() {
    }

    static boolean isCommand(String name) {
        return COMMANDS.containsKey(name);
    }

    static Iterable<String> commands() {
        return COMMANDS.keySet();
    }

    /** Every command. */
    static String all() {
        return "usage: ./gere COMMAND [options]\n" + String.join("", COMMANDS.values()) + OPTIONS;
    }

    /** One command's lines. */
    static String of(String command) {
        return "usage: ./gere " + COMMANDS.get(command).strip() + "\n";
    }
}
