package org.gerenb.cli;

import java.util.Arrays;

/** The ./gere command line. */
public final class Main {

    private static final String USAGE = """
            usage: ./gere COMMAND [options]
              perplexity --model DIR --data FILE.jsonl [--max-length N] [--batch-size B] [--out FILE.csv]
              pretrain   --out DIR [--data FILE.jsonl] [--tokenizer DIR] [--steps N] [--batch B] [--context T]
                         [--hidden H] [--layers L] [--heads N] [--kv-heads N] [--intermediate I] [--lr LR]
              reference  --model DIR --replay FILE.jsonl --out DIR [--max-length N] [--k K] [--count N]
                         [--kind regions|features|none] [--batch-size B]
              run        FILE.json [--scale ci|full] [--results DIR]
              reproduce  quickstart|table2|table3|ablations [--scale ci|full|paper] [--results DIR]
                         [--model DIR --tasks DIR --mmlu DIR --replay FILE --device gpu]   (paper scale)
              bench      [--steps N] [--warmup N] [--memory-steps N] [--configs small,medium] [--out FILE.csv]
                         [--compare [--python PATH]] [--threads N] [--rounds N (GeRe runs, default 3)]
              model-card [--model DIR] [--corpus FILE] [--heldout FILE] [--benchmark DIR]
              lab        (JupyterLab on notebooks/, handled by the ./gere script)
            """;
    private static final java.util.Set<String> WITH_OPERAND = java.util.Set.of("run", "reproduce", "plan");

    private Main() {
    }

    public static void main(String[] argv) {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        try {
            boolean operand = WITH_OPERAND.contains(argv[0]);
            if (operand && (argv.length < 2 || argv[1].startsWith("--"))) {
                throw new Args.UsageException(argv[0] + ": missing " + (argv[0].equals("run") ? "FILE" : "NAME"));
            }
            dispatch(argv[0], operand ? argv[1] : null, new Args(argv[0], argv, operand ? 2 : 1));
        } catch (Args.UsageException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("gere " + argv[0] + ": " + e.getMessage());
            if (System.getenv("GERE_DEBUG") != null) {
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    private static void dispatch(String command, String positional, Args args) {
        switch (command) {
            case "perplexity" -> PerplexityCommand.run(args);
            case "pretrain" -> PretrainCommand.run(args);
            case "reference" -> ReferenceCommand.run(args);
            case "model-card" -> ModelCardCommand.run(args);
            case "run" -> RunCommand.runFile(args, positional);
            case "reproduce" -> RunCommand.reproduce(args, positional);
            case "bench" -> BenchCommand.run(args);
            case "plan" -> PlanCommand.run(args, positional);
            case "step-check" -> StepCheckCommand.run(args);
            default -> throw new Args.UsageException("unknown command '" + command + "' (known: "
                    + Arrays.asList("perplexity", "pretrain", "reference", "run", "reproduce", "bench", "model-card", "lab") + ")");
        }
    }
}
