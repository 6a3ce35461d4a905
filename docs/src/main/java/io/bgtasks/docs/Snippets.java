package io.bgtasks.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code snippets from the project's sources. In Markdown, {@code <!-- snippet: path/File.java#tag -->} followed by a
 * fenced block marks a copy of the lines between {@code // tag::tag[]} and {@code // end::tag[]} in that file. The
 * copy must match the source, so the guide cannot drift from code that compiles and is tested.
 */
final class Snippets {
    static final Pattern DIRECTIVE = Pattern.compile("<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\s*\\n(```\\w*\\n)(.*?)\\n```",
        Pattern.DOTALL);

    private final Path root;

    Snippets(Path root) {
        this.root = root;
    }

    /** The lines between the tag markers, without their common indentation and without nested markers. */
    String extract(String file, String tag) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("snippet source " + file + " cannot be read", e);
        }
        List<String> body = new ArrayList<>();
        boolean inside = false;
        boolean found = false;
        for (String line : lines) {
            if (line.contains("tag::" + tag + "[]")) {
                inside = true;
                found = true;
            } else if (line.contains("end::" + tag + "[]")) {
                inside = false;
            } else if (inside && !line.matches("\\s*//\\s*(tag|end)::[\\w-]+\\[]\\s*")) {
                body.add(line);
            }
        }
        if (!found) {
            throw new IllegalStateException("no tag::" + tag + "[] in " + file);
        }
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    /**
     * Checks every snippet copy in a Markdown text against its source.
     *
     * @return the problems, empty when every copy matches
     */
    List<String> check(String markdownName, String markdown) {
        List<String> problems = new ArrayList<>();
        Matcher m = DIRECTIVE.matcher(markdown);
        while (m.find()) {
            String expected;
            try {
                expected = extract(m.group(1), m.group(2));
            } catch (RuntimeException e) {
                problems.add(markdownName + ": " + e.getMessage());
                continue;
            }
            if (!expected.strip().equals(m.group(4).strip())) {
                problems.add(markdownName + ": the code after snippet " + m.group(1) + "#" + m.group(2)
                    + " differs from its source; copy the lines between its tag markers:\n" + expected);
            }
        }
        return problems;
    }
}
