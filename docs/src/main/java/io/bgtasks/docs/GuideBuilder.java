package io.bgtasks.docs;

import com.vladsch.flexmark.ext.anchorlink.AnchorLinkExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the user guide: every Markdown page of the docs folder becomes an HTML page ({@code README.md} is the
 * index), links between pages keep working, images the pages show are copied along, and the build fails when a
 * snippet copy differs from its source or an image is missing.
 * Arguments: the docs folder, the project root, the output folder.
 */
public final class GuideBuilder {
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private GuideBuilder() {
    }

    /** @param args docs folder, project root, output folder */
    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args[0]).toAbsolutePath().normalize();
        Path root = Path.of(args[1]).toAbsolutePath().normalize();
        Path out = Path.of(args[2]).toAbsolutePath().normalize();
        List<String> built = build(docs, root, out);
        System.out.println("[guide] " + built.size() + " pages in " + out + ": " + built);
    }

    static List<String> build(Path docs, Path root, Path out) throws IOException {
        MutableDataSet options = new MutableDataSet();
        options.set(Parser.EXTENSIONS, List.of(TablesExtension.create(), AnchorLinkExtension.create()));
        Parser parser = Parser.builder(options).build();
        HtmlRenderer renderer = HtmlRenderer.builder(options).build();
        Snippets snippets = new Snippets(root);
        List<Path> pages;
        try (Stream<Path> files = Files.list(docs)) {
            pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        List<String> built = new ArrayList<>();
        Files.createDirectories(out);
        for (Path page : pages) {
            String markdown = Files.readString(page);
            problems.addAll(snippets.check(page.getFileName().toString(), markdown));
            String body = renderer.render(parser.parse(markdown.replaceAll("\\]\\(([\\w-]+)\\.md(#[\\w-]*)?\\)", "]($1.html$2)")
                .replace("](README.html", "](index.html")));
            String name = page.getFileName().toString().equals("README.md") ? "index.html"
                : page.getFileName().toString().replaceAll("\\.md$", ".html");
            Files.writeString(out.resolve(name), html(title(markdown), body));
            problems.addAll(copyImages(page.getFileName().toString(), markdown, docs, out));
            built.add(name);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the guide has stale snippets or missing images:\n" + String.join("\n", problems));
        }
        return built;
    }

    /**
     * Copies the files a page shows as images ({@code ![..](performance-data/soak-redis.svg)}, relative to the docs
     * folder) to the same place in the site, so the link works in both; a missing one is a problem like a stale snippet.
     */
    private static List<String> copyImages(String page, String markdown, Path docs, Path out) throws IOException {
        List<String> problems = new ArrayList<>();
        Matcher m = IMAGE.matcher(markdown);
        while (m.find()) {
            String link = m.group(1);
            if (link.contains(":") || link.startsWith("/")) {
                continue; // an address elsewhere, not a file of the guide
            }
            Path source = docs.resolve(link).normalize();
            if (!source.startsWith(docs) || !Files.isRegularFile(source)) {
                problems.add(page + ": the image " + link + " is not a file in the docs folder");
                continue;
            }
            Path target = out.resolve(docs.relativize(source));
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return problems;
    }

    private static String title(String markdown) {
        return markdown.lines().filter(l -> l.startsWith("# ")).findFirst().map(l -> l.substring(2)).orElse("bgtasks");
    }

    private static String html(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title.replace("<", "&lt;")
            + " · bgtasks</title>\n<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            + "pre{background:#f6f8fa;padding:.8rem;overflow:auto}code{font-size:.9em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}nav{margin-bottom:1rem}</style></head>\n"
            + "<body><nav><a href=\"index.html\">bgtasks guide</a></nav>\n" + body + "</body></html>\n";
    }
}
