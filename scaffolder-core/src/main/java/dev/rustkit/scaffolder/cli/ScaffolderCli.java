package dev.rustkit.scaffolder.cli;

import dev.rustkit.scaffolder.ArchetypeException;
import dev.rustkit.scaffolder.ArchetypeSpec;
import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.PropertySpec;
import dev.rustkit.scaffolder.Scaffolder;
import dev.rustkit.scaffolder.archetype.InvalidPropertiesException;
import dev.rustkit.scaffolder.internal.DirectoryWriter;
import dev.rustkit.scaffolder.internal.NewFile;
import dev.rustkit.scaffolder.internal.Problems;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code scaffolder}: the engine from a shell. Exit status 0 on success, 2 for anything wrong with the input (bad
 * values, unknown archetype or property, a target that is not empty or lies under a file, an archetype source that
 * does not exist, bad usage), 1 for any other failure (the archetype is broken, the system refuses the write);
 * errors go to stderr in plain words about the user's own paths.
 */
@Command(
        name = "scaffolder",
        mixinStandardHelpOptions = true,
        // Options may follow the subcommand too (scaffolder new ... --archetypes x.jar), and -h works everywhere.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = ScaffolderCli.Version.class,
        description = "Generates rustkit projects from the archetype jars, exactly as mvn archetype:generate -B would.",
        subcommands = {ScaffolderCli.ListCommand.class, ScaffolderCli.Describe.class, ScaffolderCli.New.class},
        footer = {
            "",
            "Archetypes come from --archetypes (jars, or directories of jars), else from",
            "$RUSTKIT_ARCHETYPES (a path list), else from the class path, else from the",
            "local Maven repository (~/.m2/repository or --maven-repo): every",
            "dev.rustkit:*-archetype of this scaffolder's version.",
            "",
            "Exit status: 0 ok, 2 invalid input, 1 any other failure.",
            "",
            "To build, lint and run what an archetype generates (for your own templates in",
            "CI): scripts/scaffolder verify --help (the rustkit-verifier module)."
        })
public final class ScaffolderCli implements Callable<Integer> {
    static final int INVALID_INPUT = 2;
    static final int FAILURE = 1;

    @Option(names = "--archetypes", scope = CommandLine.ScopeType.INHERIT, paramLabel = "<jar|dir>", description = "An archetype jar, or a directory of them; repeatable.")
    List<Path> archetypes = new ArrayList<>();

    @Option(names = "--maven-repo", scope = CommandLine.ScopeType.INHERIT, paramLabel = "<dir>", description = "Local Maven repository to find archetypes in.")
    Path mavenRepository;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Scaffolder scaffolder;
    private OutputStream rawOut;

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line; returns its exit status. */
    public static int run(OutputStream out, OutputStream err, String... args) {
        PrintWriter stdout = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter stderr = new PrintWriter(err, true, StandardCharsets.UTF_8);
        ScaffolderCli cli = new ScaffolderCli();
        cli.rawOut = out;
        CommandLine line = new CommandLine(cli)
                .setOut(stdout)
                .setErr(stderr)
                .setExecutionExceptionHandler((e, command, parsed) -> report(e, stderr));
        line.setParameterExceptionHandler((e, arguments) -> {
            stderr.println("scaffolder: " + e.getMessage());
            stderr.println("Try 'scaffolder --help'.");
            return INVALID_INPUT;
        });
        int status = line.execute(args);
        stdout.flush();
        stderr.flush();
        return status;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    Scaffolder scaffolder() {
        if (scaffolder == null) {
            scaffolder = ArchetypeSources.scaffolder(archetypes, mavenRepository, Version.own());
        }
        return scaffolder;
    }

    private static int report(Exception e, PrintWriter err) {
        if (e instanceof CommandLine.ParameterException) {
            err.println("scaffolder: " + e.getMessage());
            err.println("Try 'scaffolder --help'.");
            return INVALID_INPUT;
        }
        if (e instanceof InvalidPropertiesException invalid) {
            err.println("scaffolder: " + invalid.getMessage());
            return INVALID_INPUT;
        }
        if (e instanceof CliFailure failure) {
            err.println("scaffolder: " + failure.getMessage());
            return failure.status();
        }
        if (e instanceof ArchetypeException) {
            err.println("scaffolder: the archetype cannot be used: " + e.getMessage());
            return FAILURE;
        }
        if (e instanceof UncheckedIOException unchecked) {
            err.println("scaffolder: " + unchecked.getMessage() + ": " + IoMessages.reason(unchecked.getCause()) + ".");
            return FAILURE;
        }
        if (e instanceof IOException io) {
            err.println("scaffolder: " + IoMessages.reason(io) + ".");
            return FAILURE;
        }
        err.println("scaffolder: unexpected failure: " + e);
        e.printStackTrace(err);
        return FAILURE;
    }

    @Command(name = "list", description = "Lists the installed archetypes.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        ScaffolderCli parent;

        @Option(names = "--json", description = "Print the catalog as metadata JSON (what a web form needs).")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            List<ArchetypeSpec> all = parent.scaffolder().archetypes();
            if (json) {
                out.print(parent.scaffolder().catalogJson());
                return 0;
            }
            int width = all.stream().mapToInt(archetype -> archetype.id().length()).max().orElse(0);
            for (ArchetypeSpec archetype : all) {
                out.printf("%-" + width + "s  %s%n", archetype.id(), archetype.description());
            }
            if (all.isEmpty()) {
                out.println("(no archetypes found; see scaffolder --help for where they are looked for)");
            }
            return 0;
        }
    }

    @Command(name = "describe", description = "Shows an archetype's properties: what each means, its default, what is allowed.")
    static final class Describe implements Callable<Integer> {
        @ParentCommand
        ScaffolderCli parent;

        @Parameters(paramLabel = "<archetype>", description = "Archetype id, e.g. actix-scratch.")
        String archetype;

        @Option(names = "--json", description = "Print the properties as JSON Schema (a Backstage parameters step).")
        boolean json;

        @Option(names = "--metadata", description = "Print the compact metadata JSON a web form can use.")
        boolean metadata;

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            ArchetypeSpec spec = find(parent.scaffolder(), archetype);
            if (json) {
                out.print(spec.toJsonSchema());
            } else if (metadata) {
                out.print(spec.toMetadataJson());
            } else {
                out.println(spec.id() + ": " + spec.description());
                out.println();
                out.println("Properties (* = required):");
                int width = spec.properties().stream().mapToInt(p -> p.name().length()).max().orElse(0) + 2;
                for (PropertySpec property : spec.properties()) {
                    String name = property.name() + (property.required() ? " *" : "");
                    out.printf("  %-" + width + "s %s%n", name, property.description());
                    String indent = " ".repeat(width + 3);
                    if (property.defaultValue() != null) {
                        out.println(indent + "Default: " + property.defaultValue());
                    }
                    if (property.allowed() != null) {
                        out.println(indent + "Allowed: " + property.allowed() + ".");
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "new", description = "Generates a project into <dir> (which must not exist or be empty), or as a zip.")
    static final class New implements Callable<Integer> {
        @ParentCommand
        ScaffolderCli parent;

        @Parameters(index = "0", paramLabel = "<archetype>", description = "Archetype id, e.g. actix-scratch.")
        String archetype;

        @Parameters(index = "1", arity = "0..1", paramLabel = "<dir>", description = "Project directory to create.")
        Path directory;

        @Option(names = {"-p", "--property"}, paramLabel = "key=value", description = "A property value; repeatable.")
        Map<String, String> properties = new LinkedHashMap<>();

        @Option(names = "--zip", paramLabel = "<file>", description = "Write a zip instead of a directory ('-' for stdout).")
        String zip;

        @Option(names = "--dry-run", description = "List the files that would be written, with their sizes; write nothing, but refuse a target as a real run would.")
        boolean dryRun;

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            if (directory != null && zip != null) {
                throw new CommandLine.ParameterException(parent.spec.commandLine(),
                        "give a project directory or --zip <file>, not both");
            }
            if (directory == null && zip == null && !dryRun) {
                throw new CommandLine.ParameterException(parent.spec.commandLine(),
                        "give a project directory or --zip <file>");
            }
            GeneratedTree tree = parent.scaffolder().generate(GenerationRequest.of(archetype, properties));
            if (dryRun) {
                check(); // what the real run would refuse, the dry run refuses too
                long total = 0;
                for (GeneratedFile file : tree.files()) {
                    out.printf("%8d  %o  %s%n", file.size(), file.mode(), file.path());
                    total += file.size();
                }
                out.printf("%d files, %d bytes; dry run, nothing written%n", tree.files().size(), total);
            } else if (zip != null) {
                writeZip(tree, out);
            } else {
                try {
                    tree.writeTo(directory);
                } catch (IOException e) {
                    throw IoMessages.directory(directory.toString(), e);
                }
                out.printf("Generated %s (%s) in %s: %d files%n", tree.properties().get("artifactId"), archetype,
                        directory, tree.files().size());
            }
            return 0;
        }

        /** Refuses a target as writing would, before anything is written. */
        private void check() {
            try {
                if (directory != null) {
                    DirectoryWriter.check(directory);
                }
            } catch (IOException e) {
                throw IoMessages.directory(directory.toString(), e);
            }
            try {
                if (zip != null && !zip.equals("-")) {
                    NewFile.check(Path.of(zip));
                }
            } catch (IOException e) {
                throw IoMessages.zip(zip, e);
            }
        }

        private void writeZip(GeneratedTree tree, PrintWriter out) {
            if (zip.equals("-")) {
                out.flush();
                try {
                    tree.writeZip(parent.rawOut);
                } catch (IOException e) {
                    throw new CliFailure(FAILURE, "cannot write the zip to stdout: " + IoMessages.reason(e) + ".", e);
                }
                return;
            }
            try {
                NewFile.write(Path.of(zip), tree::writeZip);
            } catch (IOException e) {
                throw IoMessages.zip(zip, e);
            }
            out.printf("Wrote %s: %d files%n", zip, tree.files().size());
        }
    }

    static ArchetypeSpec find(Scaffolder scaffolder, String id) {
        return scaffolder.archetype(id).orElseThrow(() -> new InvalidPropertiesException(List.of(Problems.unknownArchetype(
                id, scaffolder.archetypes().stream().map(ArchetypeSpec::id).toList()))));
    }

    /** This scaffolder's version, from its jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        static String own() {
            return ScaffolderCli.class.getPackage().getImplementationVersion();
        }

        @Override
        public String[] getVersion() {
            return new String[] {"scaffolder " + (own() != null ? own() : "(development build)")};
        }
    }
}
