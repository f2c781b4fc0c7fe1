package io.durascale.simulator.cli;

import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import io.durascale.simulator.profile.ProfileFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parameters}: every parameter with its meaning, range and the bundled profile's value and source. */
@Command(name = "parameters", mixinStandardHelpOptions = true,
        description = "List every parameter of the model: key, meaning, range, and the azure profile's value and source.")
final class ParametersCommand implements Callable<Integer> {

    @Option(names = "--markdown", description = "Print a Markdown table per group (as docs/simulator.md has it).")
    boolean markdown;

    @Override
    public Integer call() {
        Profile azure = ProfileFile.bundled(ProfileFile.AZURE);
        Parameter.Group group = null;
        for (Parameter p : Parameter.values()) {
            Profile.Setting s = azure.setting(p);
            if (p.group() != group) {
                group = p.group();
                System.out.println();
                System.out.println(markdown ? "### " + group.title() + "\n\n| key | meaning | value (azure) | source |\n| --- | --- | --- | --- |"
                        : group.title());
            }
            if (markdown) {
                System.out.println("| `" + p.key() + "` | " + p.description() + " (" + p.type().describe() + ") | `"
                        + s.text() + "` | " + s.source() + " |");
            } else {
                System.out.printf("  %-26s %-22s %s%n", p.key(), s.text(), p.description());
            }
        }
        return 0;
    }
}
