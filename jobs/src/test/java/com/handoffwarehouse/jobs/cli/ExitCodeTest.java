package com.handoffwarehouse.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.build.BuildException;
import com.handoffwarehouse.jobs.config.ConfigException;
import com.handoffwarehouse.jobs.ingest.IngestException;
import com.handoffwarehouse.quality.QualityGateFailed;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The exit codes are a contract (README, "Exit codes"): one enum, every failure kind mapped to its code, the README's
 * table matching the enum, and the commands kept in cli/ with no feature package importing it back. None of these
 * starts Spark.
 */
class ExitCodeTest {
    private static final Path MAIN_SOURCES = Path.of("src/main/java/com/handoffwarehouse/jobs");

    @TempDir
    Path dir;

    private record Exit(int code, String err) {
    }

    private static Exit warehouse(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = WarehouseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return new Exit(cli.execute(args), err.toString());
    }

    @Test
    void eachKindOfFailureHasItsCode() {
        assertEquals(ExitCode.BAD_INPUT, WarehouseCli.exitCode(new IngestException("Snapshot file x is damaged")));
        assertEquals(ExitCode.USAGE, WarehouseCli.exitCode(new ConfigException("bad key")));
        assertEquals(ExitCode.USAGE, WarehouseCli.exitCode(new BuildException("unknown model")));
        assertEquals(ExitCode.QUALITY_GATE_FAILED, WarehouseCli.exitCode(new QualityGateFailed("raw_lead failed")));
        assertEquals(ExitCode.INTERNAL_ERROR, WarehouseCli.exitCode(new IllegalStateException("a bug")));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), Arrays.stream(ExitCode.values()).map(ExitCode::code).toList());
    }

    @Test
    void aWarehouseThatIsAFileIsAUsageErrorInOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

        Exit exit = warehouse("sql", "--warehouse", file.toString(), "SELECT 1");

        assertEquals(ExitCode.USAGE.code(), exit.code(), exit.err());
        assertEquals("error: The warehouse " + file + " is a file, not a folder. Give --warehouse the warehouse's "
                + "folder (it is created when missing).", exit.err().strip());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), warehouse("ingest", "--no-such-option").code());
    }

    @Test
    void theReadmeTableListsEveryCode() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (ExitCode code : ExitCode.values()) {
            assertTrue(readme.contains("| " + code.code() + " | `" + code.name() + "` |"),
                    "README's exit code table lacks " + code.code() + " " + code.name());
        }
    }

    @Test
    void commandsLiveInCliAndNothingElseImportsIt() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                boolean inCli = f.getParent().endsWith("cli");
                String source = Files.readString(f);
                if (!inCli && (source.contains("import com.handoffwarehouse.jobs.cli.")
                        || source.contains("@Command("))) {
                    offenders.add(MAIN_SOURCES.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
