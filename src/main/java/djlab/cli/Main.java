package djlab.cli;

import djlab.train.StopRequest;
import ai.djl.engine.Engine;
import djlab.data.DataException;
import djlab.plugin.Plugins;
import djlab.spec.BadInputException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code djlab} command: subcommands only; each lives in its own class. */
@Command(name = "djlab",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Image-classification experiments on DJL: run specs, sweep them, and report the results.",
        subcommands = {RunCommand.class, SweepCommand.class, StatusCommand.class, ValidateCommand.class, EvaluateCommand.class, ReportCommand.class, CompareCommand.class, ReproduceCommand.class, BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a run failed or diverged", "2:bad input (spec, data, options)"})
public final class Main {

    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        // SIGTERM and SIGINT stop training at a batch boundary with a checkpoint (see StopRequest).
        StopRequest.install();
        System.exit(commandLine().execute(args));
    }

    @CommandLine.Option(names = "--plugins", paramLabel = "DIR_OR_JAR", scope = CommandLine.ScopeType.INHERIT,
            description = "Jars (or folders of jars) of network and data set plug-ins; repeatable, or several "
                    + "separated like a class path. Also: $" + Plugins.ENV + ".")
    List<String> plugins = new ArrayList<>();

    /**
     * A bad combination of options or arguments, found after parsing: printed as {@code error: <what>: <problem>},
     * exit 2, like a value a converter refused.
     */
    static final class BadArguments extends CommandLine.ParameterException {
        BadArguments(CommandLine.Model.CommandSpec spec, String what, String problem) {
            super(spec.commandLine(), what + ": " + problem);
        }
    }

    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::badOption);
        cli.setExecutionStrategy(parsed -> {
            // Plug-ins first: every command may read a spec naming them.
            if (!main.plugins.isEmpty()) {
                try {
                    Plugins.use(main.plugins);
                } catch (BadInputException e) {
                    cli.getErr().println("error: " + e.getMessage());
                    return BAD_INPUT;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli;
    }

    /** An unknown option or a bad option value: one line naming it and where the options are listed, exit 2. */
    private static int badOption(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        if (e.getCause() instanceof Values.OutOfRange range && e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
            command.getErr().println("error: " + option.longestName() + ": " + range.getMessage());
            return BAD_INPUT;
        }
        if (e instanceof BadArguments) {
            command.getErr().println("error: " + BadInputException.oneLine(e.getMessage()));
            return BAD_INPUT;
        }
        command.getErr().println("error: " + BadInputException.oneLine(e.getMessage()) + " (see " + command.getCommandSpec().qualifiedName()
                + " --help)");
        return BAD_INPUT;
    }

    /** Bad input is one line and exit 2; anything else one line and exit 1, with the stack trace under --debug. */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean debug = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug");
        if (debug) e.printStackTrace(err);
        if (e instanceof BadInputException || e instanceof DataException) {
            err.println("error: " + BadInputException.oneLine(e.getMessage()));
            return BAD_INPUT;
        }
        err.println("error: " + e.getClass().getSimpleName() + ": " + BadInputException.oneLine(e.getMessage())
                + (debug ? "" : " (run with --debug for details)"));
        return FAILED;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"djlab " + (version == null ? "dev" : version) + " (DJL " + Engine.getDjlVersion()
                    + ", PyTorch engine)"};
        }
    }
}
