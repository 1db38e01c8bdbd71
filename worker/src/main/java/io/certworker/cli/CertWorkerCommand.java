package io.certworker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cert-worker}: the executable jar's entry point. */
@Command(name = "cert-worker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Issues X.509 client certificates for MongoDB database users from Kafka events, the way Atlas's "
                + "createDatabaseUserCertificate API does.",
        subcommands = {RunCommand.class, DevCommand.class, RequestCommand.class, UsersCommand.class,
                CertsCommand.class, CustomerX509Command.class, BenchCommand.class, ConfigCommand.class, CaCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  java -jar cert-worker.jar dev                      # embedded Kafka + dev CA, on 127.0.0.1:9092",
                "  java -jar cert-worker.jar users put --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice",
                "  echo '{\"monthsUntilExpiration\": 12}' | java -jar cert-worker.jar request \\",
                "      --groupId 5efda6aea3f2ed2e7dd6ce05 --username alice > alice.pem"})
public final class CertWorkerCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        FriendlyErrors errors = new FriendlyErrors();
        CommandLine commandLine = new CommandLine(new CertWorkerCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        showExitCodes(commandLine);
        return commandLine;
    }

    /** The one exit-code convention, in the help of every command. */
    private static void showExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.descriptions());
        commandLine.getSubcommands().values().forEach(CertWorkerCommand::showExitCodes);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
