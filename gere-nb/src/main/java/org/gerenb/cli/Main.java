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
            """;

    private Main() {
    }

    public static void main(String[] argv) {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        try {
            dispatch(argv[0], new Args(argv[0], argv, 1));
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

    private static void dispatch(String command, Args args) {
        switch (command) {
            case "perplexity" -> PerplexityCommand.run(args);
            case "pretrain" -> PretrainCommand.run(args);
            case "reference" -> ReferenceCommand.run(args);
            default -> throw new Args.UsageException("unknown command '" + command + "' (known: "
                    + Arrays.asList("perplexity", "pretrain", "reference") + ")");
        }
    }
}
