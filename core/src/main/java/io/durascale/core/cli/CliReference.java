package io.durascale.core.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command line's reference page in Markdown, rendered from picocli's own model ({@link CommandSpec},
 * {@link OptionSpec}, the usage help's synopsis), so the page says exactly what {@code --help} says.
 * Committed as {@code docs/cli/<jar>.md} and kept current by {@link CliReferencePage}.
 */
public final class CliReference {

    /** Synopsis width: fixed, so the page does not depend on the terminal or the machine that rendered it. */
    static final int SYNOPSIS_WIDTH = 100;

    private final CommandLine root;
    private final String invocation;

    private CliReference(CommandLine root, String invocation) {
        this.root = root;
        this.invocation = invocation;
    }

    /**
     * The page for a command line and its subcommands.
     *
     * @param invocation how a user runs the root command, e.g. {@code java -jar worker/target/worker.jar}
     */
    public static String markdown(CommandLine root, String invocation) {
        return new CliReference(root, invocation).render();
    }

    private String render() {
        StringBuilder page = new StringBuilder();
        CommandSpec spec = root.getCommandSpec();
        page.append("# ").append(spec.name()).append("\n\n");
        paragraphs(page, spec);
        page.append("Run as `").append(invocation).append(spec.subcommands().isEmpty() ? "" : " <command>")
                .append(" [options]`; `--help` after any command prints its usage, `--version` the build.\n\n");
        List<CommandLine> commands = commands(root);
        if (commands.size() > 1) {
            page.append("| command | what it does |\n| --- | --- |\n");
            for (CommandLine command : commands.subList(1, commands.size())) {
                CommandSpec sub = command.getCommandSpec();
                page.append("| [`").append(sub.qualifiedName()).append("`](#").append(anchor(sub.qualifiedName()))
                        .append(") | ").append(cell(firstLine(sub))).append(" |\n");
            }
            page.append('\n');
        }
        section(page, root, false);
        for (CommandLine command : commands.subList(1, commands.size())) {
            page.append("## ").append(command.getCommandSpec().qualifiedName()).append("\n\n");
            paragraphs(page, command.getCommandSpec());
            section(page, command, true);
        }
        return page.toString().stripTrailing() + "\n";
    }

    /** The synopsis, then the parameters, options and exit codes of one command. */
    private static void section(StringBuilder page, CommandLine command, boolean always) {
        CommandSpec spec = command.getCommandSpec();
        List<OptionSpec> options = spec.options().stream()
                .filter(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp()).toList();
        List<PositionalParamSpec> parameters = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!always && options.isEmpty() && parameters.isEmpty()) {
            return;
        }
        page.append("```text\n").append(synopsis(spec)).append("\n```\n\n");
        if (!parameters.isEmpty()) {
            page.append("| parameter | description |\n| --- | --- |\n");
            for (PositionalParamSpec parameter : parameters) {
                page.append("| `").append(code(parameter.paramLabel())).append(parameter.arity().max() > 1 ? "...`" : "`")
                        .append(" | ").append(cell(description(parameter))).append(" |\n");
            }
            page.append('\n');
        }
        if (!options.isEmpty()) {
            page.append("| option | description |\n| --- | --- |\n");
            for (OptionSpec option : options) {
                page.append("| ").append(optionNames(spec, option)).append(" | ").append(cell(description(option)))
                        .append(" |\n");
            }
            page.append('\n');
        }
        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            page.append("| exit code | meaning |\n| --- | --- |\n");
            exitCodes.forEach((code, meaning) -> page.append("| ").append(cell(code.strip())).append(" | ")
                    .append(cell(meaning)).append(" |\n"));
            page.append('\n');
        }
        for (String line : lines(spec.usageMessage().footer())) {
            page.append(text(line)).append("\n\n");
        }
    }

    /** The command and its subcommands, depth first, each once (an alias is the same command). */
    private static List<CommandLine> commands(CommandLine root) {
        Set<CommandLine> all = new LinkedHashSet<>();
        collect(root, all);
        return new ArrayList<>(all);
    }

    private static void collect(CommandLine command, Set<CommandLine> all) {
        if (command.getCommandSpec().usageMessage().hidden() || !all.add(command)) {
            return;
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    private static void paragraphs(StringBuilder page, CommandSpec spec) {
        for (String line : lines(spec.usageMessage().description())) {
            page.append(text(line)).append("\n\n");
        }
    }

    private static String firstLine(CommandSpec spec) {
        List<String> lines = lines(spec.usageMessage().description());
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /** Help text lines as picocli prints them (format specifiers such as {@code %n} applied), blank ones left out. */
    private static List<String> lines(String[] text) {
        return Arrays.stream(text).flatMap(line -> String.format(line).lines()).map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
    }

    /** picocli's own synopsis (groups, arities, negatable options), without colours, at a fixed width. */
    private static String synopsis(CommandSpec spec) {
        int width = spec.usageMessage().width();
        spec.usageMessage().width(SYNOPSIS_WIDTH);
        try {
            return new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).stripTrailing();
        } finally {
            spec.usageMessage().width(width);
        }
    }

    private static String optionNames(CommandSpec spec, OptionSpec option) {
        // As picocli's usage help: the parameter label after the last name only ("-p, --port=PORT").
        String[] names = option.names();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String name = option.negatable() ? spec.negatableOptionTransformer().makeSynopsis(names[i], spec) : names[i];
            boolean last = i == names.length - 1;
            String label = last && option.arity().max() > 0 ? "=" + option.paramLabel() : "";
            shown.add("`" + code(name + label) + (last && option.isMultiValue() ? "...`" : "`"));
        }
        String all = String.join(", ", shown);
        List<String> notes = groupNotes(option);
        if (notes.isEmpty()) {
            return option.required() ? all + " (required)" : all;
        }
        return all + " (" + String.join("; ", notes) + ")";
    }

    /** What an option's argument groups require, innermost first: "together with `--deadline`", "one of ...". */
    private static List<String> groupNotes(OptionSpec option) {
        List<String> notes = new ArrayList<>();
        for (ArgGroupSpec group = option.group(); group != null; group = group.parentGroup()) {
            boolean required = group.parentGroup() == null && group.multiplicity().min() > 0;
            if (group.exclusive()) {
                List<String> alternatives = new ArrayList<>(group.options().stream().map(o -> "`" + o.longestName() + "`").toList());
                group.subgroups().forEach(sub -> alternatives.add(members(sub)));
                notes.add((required ? "required: " : "") + "one of " + String.join(", ", alternatives));
            } else if (group == option.group() && group.allOptionsNested().size() > 1) {
                notes.add((required ? "required, " : "") + "together with " + group.allOptionsNested().stream()
                        .filter(o -> o != option).map(o -> "`" + o.longestName() + "`").collect(Collectors.joining(", ")));
            }
        }
        return notes;
    }

    private static String members(ArgGroupSpec group) {
        return group.allOptionsNested().stream().map(o -> "`" + o.longestName() + "`").collect(Collectors.joining(" + "));
    }

    /** The description as {@code --help} shows it: variables such as the default value filled in. */
    private static String description(ArgSpec arg) {
        return String.join(" ", Arrays.stream(arg.renderedDescription()).map(String::strip).toList());
    }

    /**
     * GitHub's heading anchor: lower case, punctuation other than hyphens and underscores dropped, spaces as
     * hyphens (github/cmark-gfm's toc filter, as GitHub renders README headings).
     */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static String cell(String value) {
        return text(value).replace("|", "\\|");
    }

    private static String code(String value) {
        return value.replace("|", "\\|");
    }

    /**
     * Help text as Markdown prose: backslashes, backticks and asterisks escaped, {@code <} as an entity (else
     * {@code <timestamp>} would be read as an HTML tag), an underscore only where it could start emphasis.
     */
    static String text(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', '`', '*' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '_' -> out.append(intraword(value, i) ? "_" : "\\_");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean intraword(String value, int i) {
        return i > 0 && i < value.length() - 1
                && Character.isLetterOrDigit(value.charAt(i - 1)) && Character.isLetterOrDigit(value.charAt(i + 1));
    }
}
